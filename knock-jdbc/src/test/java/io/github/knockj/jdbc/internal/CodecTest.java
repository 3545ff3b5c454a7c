package io.github.knockj.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.Recipient;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored JSON text keeps its form, so databases written by earlier versions still read. */
class CodecTest {
    @Test
    void jsonTextKeepsInsertionOrderAndPlainValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", List.of("x", true, 2.5));
        m.put("n", null);
        m.put("big", new BigInteger("123456789012345678901234567890"));
        m.put("nested", Map.of("k", "v"));
        assertThat(Codec.json(m)).isEqualTo("{\"z\":1,\"a\":[\"x\",true,2.5],\"n\":null,\"big\":123456789012345678901234567890,\"nested\":{\"k\":\"v\"}}");
    }

    @Test
    void readMapsAreUnmodifiableDeepCopiesInOrder() {
        Map<String, Object> m = Codec.map("{\"b\":1,\"a\":{\"c\":[1,2]},\"l\":12345678901}");
        assertThat(m.keySet()).containsExactly("b", "a", "l");
        assertThat(m.get("b")).isEqualTo(1);
        assertThat(m.get("l")).isEqualTo(12345678901L);
        assertThatThrownBy(() -> m.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked") Map<String, Object> a = (Map<String, Object>) m.get("a");
        assertThatThrownBy(() -> a.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) a.get("c")).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Codec.map(null)).isEmpty();
        assertThat(Codec.map(" ")).isEmpty();
    }

    @Test
    void recipientsAreStoredAsAListOfKeys() {
        List<Recipient> rs = List.of(Recipient.user("u1"), Recipient.object(new io.github.knockj.core.ObjectRef("projects", "p1")));
        String text = Codec.recipients(rs);
        assertThat(Codec.recipients(text)).isEqualTo(rs);
        assertThat(text).startsWith("[\"").endsWith("\"]");
    }
}
