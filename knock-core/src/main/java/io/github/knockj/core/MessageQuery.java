package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;

/**
 * Which messages to list across recipients, newest first (by message id, which is time-ordered):
 * optionally only one delivery status and one channel, one page at a time. Immutable; every
 * {@code with…} returns a copy. Used by {@link Messages#list(MessageQuery)} and
 * {@link io.github.knockj.core.spi.MessageStore#listMessages(MessageQuery)}.
 *
 * @param status only messages in this delivery status, or null for any
 * @param channelKey only messages on this channel, or null for any
 * @param before only messages whose id sorts below this one (the last message of the previous page),
 *     or null for the newest page
 * @param limit at most this many messages (1 to {@value #MAX_LIMIT})
 */
public record MessageQuery(DeliveryStatus status, String channelKey, String before, int limit) {
    /** Page size of {@link #newest()}. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page size. */
    public static final int MAX_LIMIT = 200;

    /**
     * Validates the query.
     *
     * @param status only messages in this delivery status, or null for any
     * @param channelKey only messages on this channel, or null for any
     * @param before the last message id of the previous page, or null for the newest page
     * @param limit at most this many messages (1 to {@value #MAX_LIMIT})
     * @throws InvalidInputException naming the component ({@code messages.channelKey},
     *     {@code messages.before}, {@code messages.limit}) if it is invalid
     */
    public MessageQuery {
        if (channelKey != null) Validate.id("messages.channelKey", channelKey);
        if (before != null) Validate.id("messages.before", before);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("messages.limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** {@return the newest {@value #DEFAULT_LIMIT} messages of any status and channel} */
    public static MessageQuery newest() {
        return new MessageQuery(null, null, null, DEFAULT_LIMIT);
    }

    /**
     * {@return a copy limited to delivery status {@code s}}
     *
     * @param s the status, or null for any
     */
    public MessageQuery withStatus(DeliveryStatus s) { return new MessageQuery(s, channelKey, before, limit); }

    /**
     * {@return a copy limited to channel {@code key}}
     *
     * @param key the channel key, or null for any
     * @throws InvalidInputException if the key is not a valid id
     */
    public MessageQuery withChannel(String key) { return new MessageQuery(status, key, before, limit); }

    /**
     * {@return a copy listing the messages older than message {@code messageId}: the next page after a page ending with it}
     *
     * @param messageId the last message id of the previous page, or null for the newest page
     * @throws InvalidInputException if the id is not a valid id
     */
    public MessageQuery withBefore(String messageId) { return new MessageQuery(status, channelKey, messageId, limit); }

    /**
     * {@return a copy listing at most {@code n} messages}
     *
     * @param n the page size, 1 to {@value #MAX_LIMIT}
     * @throws InvalidInputException if {@code n} is out of range
     */
    public MessageQuery withLimit(int n) { return new MessageQuery(status, channelKey, before, n); }

    /**
     * Whether {@code message} passes the filters and the cursor (for store implementations).
     *
     * @param message a message
     * @return true if the message belongs to this query's results, ignoring the limit
     */
    public boolean matches(Message message) {
        return (status == null || message.status() == status)
                && (channelKey == null || message.channelKey().equals(channelKey))
                && (before == null || message.id().compareTo(before) < 0);
    }
}
