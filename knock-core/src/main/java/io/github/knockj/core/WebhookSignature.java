package io.github.knockj.core;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests and verifies their signatures: outbound event webhooks and the
 * webhook channel provider sign with it, and receivers verify with it.
 *
 * <p>The signature travels in header {@value #HEADER} as {@code t=<unix millis>,v1=<hex>}, where
 * {@code <hex>} is the lowercase hex HMAC-SHA256, keyed with the UTF-8 bytes of the shared secret,
 * of the UTF-8 bytes of {@code <t>.<body>}. Signing the timestamp with the body lets a receiver
 * reject replays older than a tolerance. A receiver checks a request like this:
 * <pre>{@code
 * boolean ok = WebhookSignature.verify(secret, request.getHeader(WebhookSignature.HEADER), rawBody,
 *         Instant.now(), WebhookSignature.DEFAULT_TOLERANCE);
 * }</pre>
 * Verify the raw body exactly as received, before parsing it. A header may carry several {@code v1}
 * entries (for example while rotating secrets); one matching entry suffices.
 */
public final class WebhookSignature {
    /** The request header that carries the signature. */
    public static final String HEADER = "X-Knockj-Signature";
    /** How far a signature's timestamp may be from the receiver's clock, if the caller has no better idea: 5 minutes. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {}

    private static void notNull(String name, Object value) {
        if (value == null) throw new IllegalArgumentException(name + " must not be null");
    }

    private static void notBlank(String name, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " must not be blank");
    }

    /**
     * The header value signing {@code body} at {@code timestamp}.
     *
     * @param secret the shared secret
     * @param timestamp the signing time, sent as {@code t}
     * @param body the exact request body
     * @return the {@value #HEADER} header value
     * @throws IllegalArgumentException if an argument is null or the secret is blank
     */
    public static String sign(String secret, Instant timestamp, String body) {
        notBlank("secret", secret);
        notNull("timestamp", timestamp);
        notNull("body", body);
        long t = timestamp.toEpochMilli();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t, body));
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} with {@code secret}, made no more
     * than {@code tolerance} before or after {@code now}. False for a missing or malformed header,
     * an expired or future timestamp, or a body or timestamp that was changed. Digests are compared
     * in constant time.
     *
     * @param secret the shared secret
     * @param body the raw request body, exactly as received
     * @param now the receiver's current time
     * @param tolerance how far the timestamp may be from {@code now}, either way
     * @return true if the timestamp is within tolerance and a {@code v1} entry matches
     * @param header the received {@value #HEADER} value; may be null (then false)
     * @throws IllegalArgumentException if {@code secret}, {@code body}, {@code now} or {@code tolerance}
     *         is null, the secret is blank or the tolerance negative
     */
    public static boolean verify(String secret, String header, String body, Instant now, Duration tolerance) {
        notBlank("secret", secret);
        notNull("body", body);
        notNull("now", now);
        notNull("tolerance", tolerance);
        if (tolerance.isNegative()) throw new IllegalArgumentException("tolerance must not be negative, was " + tolerance);
        if (header == null) return false;
        Long t = null;
        List<String> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) return false;
            String key = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            if (key.equals("t")) {
                if (t != null) return false; // two timestamps: ambiguous
                try {
                    t = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (key.equals("v1")) {
                candidates.add(value);
            }
        }
        if (t == null || candidates.isEmpty()) return false;
        if (!withinTolerance(now.toEpochMilli(), t, tolerance)) return false;
        byte[] expected = HexFormat.of().formatHex(hmac(secret, t, body)).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String candidate : candidates) {
            // no early exit: every candidate is compared, each in constant time
            match |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
        }
        return match;
    }

    private static boolean withinTolerance(long nowMillis, long t, Duration tolerance) {
        try {
            long age = Math.subtractExact(nowMillis, t);
            return age != Long.MIN_VALUE && Math.abs(age) <= tolerance.toMillis();
        } catch (ArithmeticException e) {
            return false; // a timestamp absurdly far from now
        }
    }

    private static byte[] hmac(String secret, long t, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e); // every Java 17 runtime has it
        }
    }
}
