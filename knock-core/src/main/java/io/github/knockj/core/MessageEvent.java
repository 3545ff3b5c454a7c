package io.github.knockj.core;

import java.time.Instant;

/**
 * One entry of a message's status history: a delivery status reached, a delivery attempt, or an
 * engagement change.
 *
 * @param messageId the message
 * @param at when it happened
 * @param type what happened, such as {@code queued}, {@code delivery_attempted}, {@code delivered}, {@code read}, {@code unread}
 * @param detail why, or what the provider said; may be null
 */
public record MessageEvent(String messageId, Instant at, String type, String detail) {
    public static MessageEvent of(String messageId, Instant at, DeliveryStatus status, String detail) {
        return new MessageEvent(messageId, at, status.name().toLowerCase(java.util.Locale.ROOT), detail);
    }
}
