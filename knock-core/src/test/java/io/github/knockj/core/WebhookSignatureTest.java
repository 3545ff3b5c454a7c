package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_01";
    static final String BODY = "{\"id\":\"msg_01\",\"text\":\"héllo\"}";
    static final Instant T = Instant.parse("2026-03-01T10:00:00.123Z");
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    /**
     * The fixed example of the Standard Webhooks reference libraries ("sign function works" in
     * libraries/javascript/src/webhook.test.ts and test_sign_function in
     * libraries/python/tests/test_webhooks.py of github.com/standard-webhooks/standard-webhooks).
     */
    @Test
    void signsAndVerifiesTheStandardWebhooksReferenceVector() {
        String key = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String msgId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        Instant timestamp = Instant.ofEpochSecond(1614265330);
        String payload = "{\"test\": 2432232314}";
        String expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

        assertThat(WebhookSignature.sign(key, msgId, timestamp, payload)).isEqualTo(expected);
        assertThat(WebhookSignature.verify(key, msgId, "1614265330", expected, payload, timestamp, FIVE_MINUTES)).isTrue();
        assertThat(WebhookSignature.headers(key, msgId, timestamp.plusMillis(999), payload)).containsExactly(
                Map.entry("webhook-id", msgId), Map.entry("webhook-timestamp", "1614265330"), Map.entry("webhook-signature", expected));
    }

    @Test
    void signatureIsBase64HmacOfIdDotUnixSecondsDotBodyKeyedWithTheDecodedSecret() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal((ID + "." + T.getEpochSecond() + "." + BODY).getBytes(StandardCharsets.UTF_8)));
        assertThat(WebhookSignature.sign(SECRET, ID, T, BODY)).isEqualTo("v1," + expected);
    }

    @Test
    void aRawSecretIsKeyedWithItsUtf8BytesAndHasAStandardForm() {
        String raw = "event-secret-0123456789-é";
        String standard = "whsec_" + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        assertThat(WebhookSignature.standardSecret(raw)).isEqualTo(standard);
        assertThat(WebhookSignature.standardSecret(standard)).isEqualTo(standard);
        assertThat(WebhookSignature.sign(raw, ID, T, BODY)).isEqualTo(WebhookSignature.sign(standard, ID, T, BODY));
        // padding is optional after whsec_, as in the reference libraries
        assertThat(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", ID, T, BODY))
                .isEqualTo(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS=", ID, T, BODY));
    }

    @Test
    void newSecretsAreRandom32ByteStandardSecrets() {
        String a = WebhookSignature.newSecret();
        assertThat(a).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(a);
    }

    @Test
    void freshSignatureVerifiesThroughAHeaderLookup() {
        Map<String, String> headers = WebhookSignature.headers(SECRET, ID, T, BODY);
        assertThat(WebhookSignature.verify(SECRET, headers::get, BODY, T.plusSeconds(30), FIVE_MINUTES)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, headers::get, BODY, T.minusSeconds(30), FIVE_MINUTES)).isTrue();
    }

    @Test
    void tamperedIdBodyOrTimestampOrWrongSecretIsRejected() {
        String sig = WebhookSignature.sign(SECRET, ID, T, BODY);
        String t = Long.toString(T.getEpochSecond());
        assertThat(WebhookSignature.verify(SECRET, ID, t, sig, BODY.replace("msg_01", "msg_02"), T, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "msg_02", t, sig, BODY, T, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, Long.toString(T.getEpochSecond() + 1), sig, BODY, T, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify("another-secret", ID, t, sig, BODY, T, FIVE_MINUTES)).isFalse();
        String flipped = sig.substring(0, 5) + (sig.charAt(5) == 'A' ? 'B' : 'A') + sig.substring(6);
        assertThat(WebhookSignature.verify(SECRET, ID, t, flipped, BODY, T, FIVE_MINUTES)).isFalse();
    }

    @Test
    void signatureOutsideTheToleranceIsRejected() {
        String sig = WebhookSignature.sign(SECRET, ID, T, BODY);
        String t = Long.toString(T.getEpochSecond());
        Instant sent = Instant.ofEpochSecond(T.getEpochSecond());
        assertThat(WebhookSignature.verify(SECRET, ID, t, sig, BODY, sent.plus(FIVE_MINUTES).plusSeconds(1), FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, t, sig, BODY, sent.minus(FIVE_MINUTES).minusSeconds(1), FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, t, sig, BODY, sent.plus(FIVE_MINUTES), FIVE_MINUTES)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, ID, t, sig, BODY, sent, Duration.ZERO)).isTrue();
    }

    @Test
    void malformedHeadersAreRejectedNotThrown() {
        String sig = WebhookSignature.sign(SECRET, ID, T, BODY);
        String t = Long.toString(T.getEpochSecond());
        String[][] bad = {{null, t, sig}, {"", t, sig}, {ID, null, sig}, {ID, "abc", sig}, {ID, "", sig},
                {ID, Long.toString(Long.MIN_VALUE), sig}, {ID, t, null}, {ID, t, ""}, {ID, t, "garbage"},
                {ID, t, sig.substring(3)}, {ID, t, "v1,"}, {ID, t, "v1a," + sig.substring(3)}, {ID, t, "v2" + sig.substring(2)}};
        for (String[] h : bad) {
            assertThat(WebhookSignature.verify(SECRET, h[0], h[1], h[2], BODY, T, FIVE_MINUTES)).as(String.join("|", String.valueOf(h[0]),
                    String.valueOf(h[1]), String.valueOf(h[2]))).isFalse();
        }
    }

    @Test
    void anyOfSeveralSpaceSeparatedV1EntriesMayMatchForSecretRotation() {
        String current = WebhookSignature.sign(SECRET, ID, T, BODY);
        String old = WebhookSignature.sign("old-secret-0123456789", ID, T, BODY);
        String all = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg== " + old + " " + current;
        String t = Long.toString(T.getEpochSecond());
        assertThat(WebhookSignature.verify(SECRET, ID, t, all, BODY, T, FIVE_MINUTES)).isTrue();
        assertThat(WebhookSignature.verify("old-secret-0123456789", ID, t, all, BODY, T, FIVE_MINUTES)).isTrue();
        assertThat(WebhookSignature.verify("third-secret-0123456789", ID, t, all, BODY, T, FIVE_MINUTES)).isFalse();
    }

    @Test
    void badArgumentsFailFastNamingTheArgument() {
        assertThatThrownBy(() -> WebhookSignature.sign(" ", ID, T, BODY)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> WebhookSignature.sign("whsec_not base64!", ID, T, BODY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whsec_").hasMessageContaining("base64").hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> WebhookSignature.sign("whsec_", ID, T, BODY)).hasMessageContaining("no key bytes");
        assertThatThrownBy(() -> WebhookSignature.sign(SECRET, "", T, BODY)).hasMessageContaining("id");
        assertThatThrownBy(() -> WebhookSignature.sign(SECRET, ID, null, BODY)).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> WebhookSignature.verify(SECRET, ID, "1", "v1,AA==", BODY, T, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> WebhookSignature.verify(SECRET, (java.util.function.Function<String, String>) null, BODY, T, FIVE_MINUTES))
                .hasMessageContaining("headers");
    }
}
