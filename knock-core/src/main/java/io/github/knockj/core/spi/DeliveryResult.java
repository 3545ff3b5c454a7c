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

    /**
     * Copies {@code invalidTokens}; null reads as none.
     *
     * @param kind what happened
     * @param providerMessageId the provider's id for the message, if it gave one
     * @param reason why it failed (for failures), or a note
     * @param retryAfter for retryable failures, how long the provider asked to wait (a 429's Retry-After); may be null
     * @param invalidTokens push tokens (or addresses) the provider reported invalid, whatever the outcome
     *     for the others; a Notifier built with {@code deregisterInvalidTokens()} removes
     *     them from the recipient's channel data
     */
    public DeliveryResult {
        invalidTokens = invalidTokens == null ? List.of() : List.copyOf(invalidTokens);
    }

    /**
     * A result without invalid tokens.
     *
     * @param kind what happened
     * @param providerMessageId the provider's id for the message, or null
     * @param reason why it failed, or a note; may be null
     * @param retryAfter how long the provider asked to wait, or null
     */
    public DeliveryResult(Kind kind, String providerMessageId, String reason, Duration retryAfter) {
        this(kind, providerMessageId, reason, retryAfter, List.of());
    }

    /**
     * This result also reporting {@code tokens} as invalid.
     *
     * @param tokens the invalid tokens (or addresses)
     * @return a copy; this result is unchanged
     */
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

    /**
     * The provider confirmed delivery.
     *
     * @param providerMessageId the provider's id for the message, or null
     * @return a {@link Kind#DELIVERED} result
     */
    public static DeliveryResult delivered(String providerMessageId) {
        return new DeliveryResult(Kind.DELIVERED, providerMessageId, null, null);
    }

    /**
     * The provider accepted the message; a later status (a provider webhook) may confirm delivery.
     *
     * @param providerMessageId the provider's id for the message, or null
     * @return a {@link Kind#SENT} result
     */
    public static DeliveryResult sent(String providerMessageId) {
        return new DeliveryResult(Kind.SENT, providerMessageId, null, null);
    }

    /**
     * A temporary failure; the engine retries by the channel's retry policy, or the next provider takes over.
     *
     * @param reason why it failed
     * @param retryAfter how long the provider asked to wait (at least this long passes before the retry), or
     *     null
     * @return a {@link Kind#RETRYABLE} result
     */
    public static DeliveryResult retryable(String reason, Duration retryAfter) {
        return new DeliveryResult(Kind.RETRYABLE, null, reason, retryAfter);
    }

    /**
     * A failure retrying cannot fix; the message ends undelivered.
     *
     * @param reason why it failed
     * @return a {@link Kind#PERMANENT} result
     */
    public static DeliveryResult permanent(String reason) {
        return new DeliveryResult(Kind.PERMANENT, null, reason, null);
    }

    /**
     * The recipient's token or address is invalid; add the tokens with {@link #withInvalidTokens(List)}.
     *
     * @param reason why it failed
     * @return an {@link Kind#INVALID_TOKEN} result
     */
    public static DeliveryResult invalidToken(String reason) {
        return new DeliveryResult(Kind.INVALID_TOKEN, null, reason, null);
    }

    /** {@return true for {@link Kind#DELIVERED} and {@link Kind#SENT}} */
    public boolean isSuccess() {
        return kind == Kind.DELIVERED || kind == Kind.SENT;
    }
}
