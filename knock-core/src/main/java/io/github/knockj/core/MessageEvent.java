package io.github.knockj.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

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
    /** The type of each status, made once: a store keeps millions of events. */
    private static final String[] STATUS_TYPES = Arrays.stream(DeliveryStatus.values())
            .map(s -> s.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    /**
     * An event recording a delivery status change.
     *
     * @param messageId the message
     * @param at when the status changed
     * @param status the new status; the event's type is its lower-case name
     * @param detail the provider's words or the engine's reason, or null
     * @return the event
     */
    public static MessageEvent of(String messageId, Instant at, DeliveryStatus status, String detail) {
        return new MessageEvent(messageId, at, STATUS_TYPES[status.ordinal()], detail);
    }
}
