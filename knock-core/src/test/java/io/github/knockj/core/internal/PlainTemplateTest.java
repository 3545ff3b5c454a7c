package io.github.knockj.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The plain renderer must render exactly what liqp renders, or decline. */
class PlainTemplateTest {
    private static final List<String> KEYS = List.of("a", "b", "size", "first", "x_1");

    @Property(tries = 3000)
    void rendersWhatLiquidRendersOrDeclines(@ForAll("templates") String source, @ForAll("data") Map<String, Object> vars, @ForAll boolean html) {
        PlainTemplate plain = PlainTemplate.compile(source);
        assertThat(plain).as("plain form of %s", source).isNotNull();
        String fast = plain.render(vars, html);
        if (fast != null) {
            assertThat(fast).as("%s with %s (html %s)", source, vars, html).isEqualTo(Templates.renderWithLiquid(Templates.parse(source), vars, html));
        }
    }

    @Test
    void declinesTagsFiltersAndIndexesAndRendersTheCommonCase() {
        assertThat(PlainTemplate.compile("{% if a %}x{% endif %}")).isNull();
        assertThat(PlainTemplate.compile("{{ a | upcase }}")).isNull();
        assertThat(PlainTemplate.compile("{{ a[0] }}")).isNull();
        assertThat(PlainTemplate.compile("{{- a -}}")).isNull();
        Map<String, Object> vars = Map.of("data", Map.of("title", "<b>New</b> & \"shiny\"", "n", 3), "recipient", Map.of("name", "Ada"));
        PlainTemplate t = PlainTemplate.compile("Hi {{ recipient.name }}: {{data.title}} ({{ data.n }})");
        assertThat(t.render(vars, false)).isEqualTo("Hi Ada: <b>New</b> & \"shiny\" (3)");
        assertThat(t.render(vars, true)).isEqualTo("Hi Ada: &lt;b&gt;New&lt;/b&gt; &amp; &quot;shiny&quot; (3)");
        assertThat(PlainTemplate.compile("{{ data.missing }}").render(vars, false)).as("a missing key goes to liqp").isNull();
        assertThat(PlainTemplate.compile("{{ data.title.size }}").render(vars, false)).as("a property of a string goes to liqp").isNull();
    }

    @Provide
    Arbitrary<String> templates() {
        Arbitrary<String> text = Arbitraries.strings().withChars("ab <&'\"\n.").ofMaxLength(6);
        Arbitrary<String> path = Arbitraries.of(KEYS).list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
        Arbitrary<String> output = path.flatMap(p -> Arbitraries.of("{{" + p + "}}", "{{ " + p + " }}", "{{  " + p + "}}"));
        return Arbitraries.oneOf(text, output).list().ofMaxSize(5).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<Map<String, Object>> data() {
        return value(3).map(v -> {
            if (v instanceof Map<?, ?>) return cast(v);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("a", v);
            return m;
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object v) {
        return (Map<String, Object>) v;
    }

    private Arbitrary<Object> value(int depth) {
        List<Arbitrary<?>> leaves = new ArrayList<>(List.of(
                Arbitraries.strings().withChars("xy<>&'\" ").ofMaxLength(5),
                Arbitraries.integers().between(-1000, 1000),
                Arbitraries.longs().between(-5_000_000_000L, 5_000_000_000L),
                Arbitraries.of(true, false),
                Arbitraries.doubles().between(-10, 10),
                Arbitraries.strings().withChars("ab").ofMaxLength(3).list().ofMaxSize(3),
                Arbitraries.just(null)));
        if (depth > 0) {
            leaves.add(Arbitraries.of(KEYS).set().ofMaxSize(4).flatMap(keys -> {
                List<String> ks = new ArrayList<>(keys);
                return value(depth - 1).list().ofSize(ks.size()).map(vals -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < ks.size(); i++) m.put(ks.get(i), vals.get(i));
                    return m;
                });
            }));
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Arbitrary<Object> any = (Arbitrary) Arbitraries.oneOf((List) leaves);
        return any;
    }
}
