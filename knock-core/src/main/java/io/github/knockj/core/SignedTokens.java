package io.github.knockj.core;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks short, expiring, HMAC-SHA256-signed tokens: feed user tokens (which user a
 * browser may read the feed of), tracking links and open pixels. A token names its purpose, so a
 * tracking token cannot be used as a feed token. Comparison is constant-time. The secret never
 * appears in {@link #toString()}, logs or exceptions. Thread-safe.
 *
 * <p>Format: {@code base64url(purpose "\n" subject "\n" expiresEpochSeconds) "." base64url(hmac)}.
 */
public final class SignedTokens {
    /** The shortest secret accepted, in bytes. */
    public static final int MIN_SECRET_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;

    private SignedTokens(byte[] secret, Clock clock) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("signing secret must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /**
     * Tokens signed with {@code secret} (at least 32 bytes), timed by {@code clock}.
     *
     * @param secret the HMAC key, at least 32 bytes; copied
     * @param clock the clock that stamps and checks expiry
     * @return the token signer
     * @throws IllegalArgumentException if the secret is null or too short
     */
    public static SignedTokens create(byte[] secret, Clock clock) {
        return new SignedTokens(secret, clock);
    }

    /**
     * A token for {@code subject} and {@code purpose}, valid for {@code ttl}.
     *
     * @param purpose what the token is for, such as {@code click}; a token verifies only for its purpose
     * @param subject what the token names, such as a message id
     * @param ttl how long the token is valid
     * @return the URL-safe token
     */
    public String issue(String purpose, String subject, Duration ttl) {
        check(purpose, "purpose");
        check(subject, "subject");
        long exp = clock.instant().plus(ttl).getEpochSecond();
        byte[] payload = (purpose + "\n" + subject + "\n" + exp).getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
    }

    /**
     * The subject of a valid token for {@code purpose}.
     *
     * @param purpose the purpose the token must have been issued for
     * @param token the token
     * @return the subject it was issued for
     * @throws InvalidTokenException if the token is malformed, its signature does not match, it was
     *         issued for another purpose, or it has expired
     */
    public String verify(String purpose, String token) {
        if (token == null || token.length() > 4096) throw new InvalidTokenException("token is missing or too long");
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) throw new InvalidTokenException("token is malformed");
        byte[] payload = decodeCanonical(token.substring(0, dot));
        byte[] sig = decodeCanonical(token.substring(dot + 1));
        if (!MessageDigest.isEqual(mac(payload), sig)) throw new InvalidTokenException("token signature does not match");
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 3) throw new InvalidTokenException("token is malformed");
        if (!parts[0].equals(purpose)) throw new InvalidTokenException("token was issued for another purpose");
        long exp;
        try {
            exp = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw new InvalidTokenException("token is malformed");
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(exp))) throw new InvalidTokenException("token has expired");
        return parts[1];
    }

    /**
     * Decodes unpadded base64url, accepting only the one encoding {@link #issue} produces: a padded
     * form, or a last character whose unused low bits are set, decodes to the same bytes but is
     * another string, and a token must not have several spellings.
     */
    private static byte[] decodeCanonical(String part) {
        byte[] bytes;
        try {
            bytes = B64D.decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("token is malformed");
        }
        if (!B64.encodeToString(bytes).equals(part)) throw new InvalidTokenException("token is not canonically encoded");
        return bytes;
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static void check(String s, String what) {
        if (s == null || s.isEmpty() || s.indexOf('\n') >= 0) throw new IllegalArgumentException(what + " must be non-empty and single-line");
    }

    @Override
    public String toString() {
        return "SignedTokens[HmacSHA256, secret hidden]";
    }
}
