package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    static final String SECRET = "whsec_test_secret";
    static final String BODY = "{\"id\":\"msg_01\",\"text\":\"héllo\"}";
    static final Instant T = Instant.parse("2026-03-01T10:00:00.123Z");
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void signatureIsTimestampInMillisAndLowercaseHexHmacOfTimestampDotBody() throws Exception {
        String header = WebhookSignature.sign(SECRET, T, BODY);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((T.toEpochMilli() + "." + BODY).getBytes(StandardCharsets.UTF_8)));
        assertThat(header).isEqualTo("t=" + T.toEpochMilli() + ",v1=" + expected).matches("t=\\d+,v1=[0-9a-f]{64}");
    }

    @Test
    void freshSignatureVerifies() {
        String header = WebhookSignature.sign(SECRET, T, BODY);
        assertThat(WebhookSignature.verify(SECRET, header, BODY, T.plusSeconds(30), FIVE_MINUTES)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, T.minusSeconds(30), FIVE_MINUTES)).isTrue();
    }

    @Test
    void tamperedBodyOrTimestampOrWrongSecretIsRejected() {
        String header = WebhookSignature.sign(SECRET, T, BODY);
        assertThat(WebhookSignature.verify(SECRET, header, BODY.replace("msg_01", "msg_02"), T, FIVE_MINUTES)).isFalse();
        String otherTime = header.replace("t=" + T.toEpochMilli(), "t=" + (T.toEpochMilli() + 1));
        assertThat(WebhookSignature.verify(SECRET, otherTime, BODY, T, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify("another-secret", header, BODY, T, FIVE_MINUTES)).isFalse();
        String flipped = header.substring(0, header.length() - 1) + (header.endsWith("0") ? "1" : "0");
        assertThat(WebhookSignature.verify(SECRET, flipped, BODY, T, FIVE_MINUTES)).isFalse();
    }

    @Test
    void signatureOutsideTheToleranceIsRejected() {
        String header = WebhookSignature.sign(SECRET, T, BODY);
        assertThat(WebhookSignature.verify(SECRET, header, BODY, T.plus(FIVE_MINUTES).plusMillis(1), FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, T.minus(FIVE_MINUTES).minusMillis(1), FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, T.plus(FIVE_MINUTES), FIVE_MINUTES)).isTrue();
    }

    @Test
    void malformedHeadersAreRejectedNotThrown() {
        String v1 = WebhookSignature.sign(SECRET, T, BODY).split(",")[1];
        for (String bad : new String[] {null, "", "garbage", v1, "t=" + T.toEpochMilli(), "t=abc," + v1,
                "t=" + T.toEpochMilli() + ",t=" + T.toEpochMilli() + "," + v1, "t=" + Long.MIN_VALUE + "," + v1,
                "t=" + T.toEpochMilli() + ",v1="}) {
            assertThat(WebhookSignature.verify(SECRET, bad, BODY, T, FIVE_MINUTES)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void anyOfSeveralV1EntriesMayMatchForSecretRotation() {
        String current = WebhookSignature.sign(SECRET, T, BODY);
        String old = WebhookSignature.sign("old-secret", T, BODY);
        String both = old + "," + current.split(",")[1];
        assertThat(WebhookSignature.verify(SECRET, both, BODY, T, FIVE_MINUTES)).isTrue();
        assertThat(WebhookSignature.verify("old-secret", both, BODY, T, FIVE_MINUTES)).isTrue();
    }

    @Test
    void badArgumentsFailFastNamingTheArgument() {
        assertThatThrownBy(() -> WebhookSignature.sign(" ", T, BODY)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> WebhookSignature.sign(SECRET, null, BODY)).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> WebhookSignature.verify(SECRET, "t=1,v1=00", BODY, T, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tolerance");
    }
}
