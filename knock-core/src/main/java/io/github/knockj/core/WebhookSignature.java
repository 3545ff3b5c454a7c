package io.github.knockj.core;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests and verifies them in the
 * <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> format: outbound event webhooks
 * and the webhook channel provider sign with it, and a receiver verifies with it or with any Standard
 * Webhooks library.
 *
 * <p>Each request carries three headers: {@value #ID_HEADER}, the message's id (the same on every
 * retry, so receivers can use it to drop duplicates); {@value #TIMESTAMP_HEADER}, the attempt's time in
 * Unix seconds; and {@value #SIGNATURE_HEADER}, a space-separated list of {@code v1,<base64>} entries,
 * each the base64 HMAC-SHA256 of the UTF-8 bytes of {@code <id>.<timestamp>.<body>}.
 *
 * <p><b>Secrets:</b> a secret of the form {@code whsec_<base64>} is keyed with the base64-decoded bytes,
 * as in every Standard Webhooks library (padding optional); any other string is keyed with its UTF-8
 * bytes. A Standard Webhooks library given a raw string would base64-decode it instead, so hand
 * receivers the {@code whsec_} form of a raw secret: {@link #standardSecret(String)}.
 * {@link #newSecret()} makes a fresh {@code whsec_} secret.
 *
 * <p>A receiver checks a request like this, with the raw body exactly as received, before parsing it:
 * <pre>{@code
 * boolean ok = WebhookSignature.verify(secret, request::getHeader, rawBody,
 *         Instant.now(), WebhookSignature.DEFAULT_TOLERANCE);
 * }</pre>
 * One matching {@code v1} entry suffices, so a sender rotating secrets may sign with the old and the
 * new secret; entries of other versions (such as the asymmetric {@code v1a}) are ignored.
 */
public final class WebhookSignature {
    /** The header with the message's id, the same on every attempt: {@value}. */
    public static final String ID_HEADER = "webhook-id";
    /** The header with the attempt's time in Unix seconds: {@value}. */
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    /** The header with the space-separated {@code v1,<base64>} signatures: {@value}. */
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** The prefix of a secret given as base64 key bytes: {@value}. */
    public static final String SECRET_PREFIX = "whsec_";
    /** How far a signature's timestamp may be from the receiver's clock, if the caller has no better idea: 5 minutes. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1,";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {}

    private static void notNull(String name, Object value) {
        if (value == null) throw new IllegalArgumentException(name + " must not be null");
    }

    private static void notBlank(String name, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " must not be blank");
    }

    /**
     * The key bytes of {@code secret}: base64-decoded after {@value #SECRET_PREFIX}, else its UTF-8 bytes.
     *
     * @throws IllegalArgumentException if the secret is blank, or a {@code whsec_} secret is not base64 or empty
     */
    static byte[] key(String secret) {
        notBlank("secret", secret);
        if (!secret.startsWith(SECRET_PREFIX)) return secret.getBytes(StandardCharsets.UTF_8);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secret starts with " + SECRET_PREFIX + " but the rest is not base64");
        }
        if (key.length == 0) throw new IllegalArgumentException("secret " + SECRET_PREFIX + " has no key bytes");
        return key;
    }

    /**
     * The {@code whsec_} form of {@code secret}, for a receiver's Standard Webhooks library: a
     * {@code whsec_} secret unchanged, a raw string as {@code whsec_} and the base64 of its UTF-8 bytes.
     *
     * @param secret a secret as given to the sender
     * @return the same key as {@code whsec_<base64>}
     * @throws IllegalArgumentException if the secret is blank, or a {@code whsec_} secret is not base64
     */
    public static String standardSecret(String secret) {
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key(secret));
    }

    /**
     * A new random secret of 32 bytes in the {@code whsec_} form.
     *
     * @return {@code whsec_} and 44 base64 characters
     */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The {@value #SIGNATURE_HEADER} value signing {@code body} as message {@code id} at {@code timestamp}
     * (whole seconds; the fraction is dropped). Join the values of several secrets with a space to
     * sign with each.
     *
     * @param secret the shared secret, {@code whsec_<base64>} or a raw string
     * @param id the message id, the same on every attempt; should contain no {@code .}
     * @param timestamp the attempt's time
     * @param body the exact request body
     * @return {@code v1,<base64 HMAC-SHA256>}
     * @throws IllegalArgumentException if an argument is null, the secret or id blank, or the secret malformed
     */
    public static String sign(String secret, String id, Instant timestamp, String body) {
        byte[] key = key(secret);
        notBlank("id", id);
        notNull("timestamp", timestamp);
        notNull("body", body);
        return VERSION + Base64.getEncoder().encodeToString(hmac(key, id, timestamp.getEpochSecond(), body));
    }

    /**
     * The three headers of a signed request, in the order {@value #ID_HEADER}, {@value #TIMESTAMP_HEADER},
     * {@value #SIGNATURE_HEADER}.
     *
     * @param secret the shared secret, {@code whsec_<base64>} or a raw string
     * @param id the message id, the same on every attempt
     * @param timestamp the attempt's time
     * @param body the exact request body
     * @return an unmodifiable map of header name to value
     * @throws IllegalArgumentException as {@link #sign(String, String, Instant, String)}
     */
    public static Map<String, String> headers(String secret, String id, Instant timestamp, String body) {
        String signature = sign(secret, id, timestamp, body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID_HEADER, id);
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp.getEpochSecond()));
        headers.put(SIGNATURE_HEADER, signature);
        return java.util.Collections.unmodifiableMap(headers);
    }

    /**
     * Whether a request with these header values is signed with {@code secret} and was sent no more
     * than {@code tolerance} before or after {@code now}. False for a missing or malformed header, a
     * timestamp out of tolerance, or a changed id, timestamp or body. Signatures are compared in
     * constant time.
     *
     * @param secret the shared secret, {@code whsec_<base64>} or a raw string
     * @param id the received {@value #ID_HEADER}; may be null (then false)
     * @param timestamp the received {@value #TIMESTAMP_HEADER}; may be null (then false)
     * @param signature the received {@value #SIGNATURE_HEADER}; may be null (then false)
     * @param body the raw request body, exactly as received
     * @param now the receiver's current time
     * @param tolerance how far the timestamp may be from {@code now}, either way
     * @return true if the timestamp is within tolerance and a {@code v1} entry matches
     * @throws IllegalArgumentException if {@code secret}, {@code body}, {@code now} or {@code tolerance}
     *         is null, the secret blank or malformed, or the tolerance negative
     */
    public static boolean verify(String secret, String id, String timestamp, String signature, String body,
                                 Instant now, Duration tolerance) {
        byte[] key = key(secret);
        notNull("body", body);
        notNull("now", now);
        notNull("tolerance", tolerance);
        if (tolerance.isNegative()) throw new IllegalArgumentException("tolerance must not be negative, was " + tolerance);
        if (id == null || id.isEmpty() || timestamp == null || signature == null) return false;
        long t;
        try {
            t = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (!withinTolerance(now, t, tolerance)) return false;
        byte[] expected = Base64.getEncoder().encode(hmac(key, id, t, body));
        boolean match = false;
        for (String entry : signature.strip().split(" +")) {
            if (!entry.startsWith(VERSION)) continue; // another scheme, such as v1a
            // no early exit: every entry is compared, each in constant time
            match |= MessageDigest.isEqual(expected, entry.substring(VERSION.length()).getBytes(StandardCharsets.US_ASCII));
        }
        return match;
    }

    /**
     * {@link #verify(String, String, String, String, String, Instant, Duration)} with the three header
     * values read through {@code headers}, such as {@code request::getHeader} of a servlet request or
     * {@code exchange.getRequestHeaders()::getFirst} of the JDK's HTTP server (header names are
     * lowercase; the lookup should ignore case, as HTTP does).
     *
     * @param secret the shared secret, {@code whsec_<base64>} or a raw string
     * @param headers returns a request header's value by name, or null if absent
     * @param body the raw request body, exactly as received
     * @param now the receiver's current time
     * @param tolerance how far the timestamp may be from {@code now}, either way
     * @return true if the timestamp is within tolerance and a {@code v1} entry matches
     * @throws IllegalArgumentException as the other {@code verify}, or if {@code headers} is null
     */
    public static boolean verify(String secret, Function<String, String> headers, String body, Instant now, Duration tolerance) {
        notNull("headers", headers);
        return verify(secret, headers.apply(ID_HEADER), headers.apply(TIMESTAMP_HEADER), headers.apply(SIGNATURE_HEADER),
                body, now, tolerance);
    }

    private static boolean withinTolerance(Instant now, long t, Duration tolerance) {
        if (t > Long.MAX_VALUE / 2 || t < Long.MIN_VALUE / 2) return false; // absurd: the subtraction could overflow
        long age = now.getEpochSecond() - t; // seconds: the receiver's clock truncated, as the sender's was
        // whole seconds on the wire: compare against the tolerance rounded up to a whole second
        long allowed = tolerance.getSeconds() + (tolerance.getNano() > 0 ? 1 : 0);
        return Math.abs(age) <= allowed;
    }

    private static byte[] hmac(byte[] key, String id, long t, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal((id + "." + t + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e); // every Java 17 runtime has it
        }
    }
}
