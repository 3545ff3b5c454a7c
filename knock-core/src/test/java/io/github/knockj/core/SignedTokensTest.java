package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignedTokensTest {
    private final SettableClock clock = SettableClock.create();
    private final byte[] secret = "0123456789abcdef0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8);
    private final SignedTokens tokens = SignedTokens.create(secret, clock);

    @Test
    void aValidTokenYieldsItsSubjectUntilItExpires() {
        String t = tokens.issue("feed", "ada", Duration.ofMinutes(10));
        assertThat(tokens.verify("feed", t)).isEqualTo("ada");
        clock.advance(Duration.ofMinutes(10));
        assertThatThrownBy(() -> tokens.verify("feed", t)).isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
    }

    @Test
    void tamperedForeignAndMalformedTokensAreRejected() {
        String t = tokens.issue("feed", "ada", Duration.ofMinutes(10));
        String forged = SignedTokens.create("another-secret-another-secret-123456".getBytes(StandardCharsets.UTF_8), clock).issue("feed", "ada", Duration.ofMinutes(10));
        char last = t.charAt(t.length() - 1);
        String flipped = t.substring(0, t.length() - 1) + (last == 'A' ? 'B' : 'A');
        String otherSubject = tokens.issue("feed", "bob", Duration.ofMinutes(10));
        String spliced = otherSubject.substring(0, otherSubject.indexOf('.')) + t.substring(t.indexOf('.'));
        assertThatThrownBy(() -> tokens.verify("feed", forged)).hasMessageContaining("signature");
        assertThatThrownBy(() -> tokens.verify("feed", flipped)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify("feed", spliced)).hasMessageContaining("signature");
        assertThatThrownBy(() -> tokens.verify("track", t)).hasMessageContaining("another purpose");
        assertThatThrownBy(() -> tokens.verify("feed", "garbage")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> tokens.verify("feed", null)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void onlyTheCanonicalEncodingOfAValidTokenVerifies() {
        String t = tokens.issue("feed", "ada", Duration.ofMinutes(10));
        int dot = t.indexOf('.');
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // the 32-byte signature is 43 characters; the last one carries 4 bits and 2 unused ones
        char last = t.charAt(t.length() - 1);
        String lowBitsFlipped = t.substring(0, t.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String payload = t.substring(0, dot);
        String payloadPadded = payload + "=".repeat((4 - payload.length() % 4) % 4) + t.substring(dot);
        assertThat(tokens.verify("feed", t)).isEqualTo("ada");
        assertThatThrownBy(() -> tokens.verify("feed", t + "=")).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify("feed", lowBitsFlipped)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify("feed", payloadPadded)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void theSecretNeverShowsAndShortSecretsAreRefused() {
        assertThat(tokens.toString()).doesNotContain("secret-").contains("hidden");
        assertThatThrownBy(() -> SignedTokens.create("short".getBytes(StandardCharsets.UTF_8), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("short");
    }
}
