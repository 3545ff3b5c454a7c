package io.github.knockj.core.spi;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one {@link ChannelProvider#send} call.
 *
 * @param kind what happened
 * @param providerMessageId the provider's id for the message, if it gave one
 * @param reason why it failed (for failures), or a note
 * @param retryAfter for retryable failures, how long the provider asked to wait (a 429's Retry-After); may be null
 * @param invalidTokens push tokens (or addresses) the provider reported invalid, whatever the outcome
 *                      for the others; a Notifier built with {@code deregisterInvalidTokens()} removes
 *                      them from the recipient's channel data
 */
public record DeliveryResult(Kind kind, String providerMessageId, String reason, Duration retryAfter, List<String> invalidTokens) {

    public DeliveryResult {
        invalidTokens = invalidTokens == null ? List.of() : List.copyOf(invalidTokens);
    }

    /** A result without invalid tokens. */
    public DeliveryResult(Kind kind, String providerMessageId, String reason, Duration retryAfter) {
        this(kind, providerMessageId, reason, retryAfter, List.of());
    }

    /** This result also reporting {@code tokens} as invalid. */
    public DeliveryResult withInvalidTokens(List<String> tokens) {
        return new DeliveryResult(kind, providerMessageId, reason, retryAfter, tokens);
    }

    /** Outcome kinds. */
    public enum Kind {
        /** The provider confirmed delivery to the recipient. */
        DELIVERED,
        /** The provider accepted the message; delivery is not confirmed. */
        SENT,
        /** A temporary failure (timeout, connection error, 429, 5xx): try again later. */
        RETRYABLE,
        /** A failure retrying cannot fix (invalid address, other 4xx). */
        PERMANENT,
        /**
         * The recipient's push token or address is invalid and should be removed (a permanent
         * failure); list the tokens in {@link #invalidTokens()} (if none are listed, every token the
         * recipient had on the channel is taken as invalid).
         */
        INVALID_TOKEN
    }

    public static DeliveryResult delivered(String providerMessageId) {
        return new DeliveryResult(Kind.DELIVERED, providerMessageId, null, null);
    }

    public static DeliveryResult sent(String providerMessageId) {
        return new DeliveryResult(Kind.SENT, providerMessageId, null, null);
    }

    public static DeliveryResult retryable(String reason, Duration retryAfter) {
        return new DeliveryResult(Kind.RETRYABLE, null, reason, retryAfter);
    }

    public static DeliveryResult permanent(String reason) {
        return new DeliveryResult(Kind.PERMANENT, null, reason, null);
    }

    public static DeliveryResult invalidToken(String reason) {
        return new DeliveryResult(Kind.INVALID_TOKEN, null, reason, null);
    }

    public boolean isSuccess() {
        return kind == Kind.DELIVERED || kind == Kind.SENT;
    }
}
