package io.github.knockj.core.spi;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Message;
import java.util.Map;

/**
 * What a {@link ChannelProvider} sends: the rendered content and how to reach the recipient.
 *
 * @param message the stored message (ids, workflow, rendered content)
 * @param recipient the recipient's fields and this channel's channel data
 * @param attempt 1 for the first attempt, 2 for the first retry, and so on
 * @param idempotencyKey the same for every attempt of this message
 */
public record OutboundMessage(Message message, RecipientInfo recipient, int attempt, String idempotencyKey) {

    /**
     * How to reach a recipient on one channel.
     *
     * @param id user id (or object id)
     * @param isUser false when the recipient is an object
     * @param fields the recipient's fields as templates see them ({@code email}, {@code phone_number}, {@code name}, …)
     * @param channelData the channel data stored for this channel key
     */
    public record RecipientInfo(String id, boolean isUser, Map<String, Object> fields, Map<String, Object> channelData) {}

    /** {@return the type of the channel the message goes out on} */
    public ChannelType channelType() {
        return message.channelType();
    }

    /**
     * A rendered content field such as {@code subject}, {@code html}, {@code text} or {@code body}; null if
     * absent.
     *
     * @param field the field name
     * @return the rendered value, or null
     */
    public String content(String field) {
        return message.content().get(field);
    }

    /**
     * A recipient field such as {@code email}; null if absent.
     *
     * @param field the field name, as templates see it
     * @return the value as text, or null
     */
    public String recipientField(String field) {
        Object v = recipient.fields().get(field);
        return v == null ? null : v.toString();
    }
}
