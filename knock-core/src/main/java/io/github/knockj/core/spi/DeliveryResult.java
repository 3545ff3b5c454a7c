package io.github.knockj.core.spi;

import java.time.Duration;

/**
 * The outcome of one {@link ChannelProvider#send} call.
 *
 * @param kind what happened
 * @param providerMessageId the provider's id for the message, if it gave one
 * @param reason why it failed (for failures), or a note
 * @param retryAfter for retryable failures, how long the provider asked to wait (a 429's Retry-After); may be null
 */
public record DeliveryResult(Kind kind, String providerMessageId, String reason, Duration retryAfter) {

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
        /** The recipient's push token or address is invalid and should be removed (a permanent failure). */
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
