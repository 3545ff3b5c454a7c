package io.github.knockj.core.spi;

import io.github.knockj.core.ChannelStep;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Template;

/**
 * Sends rendered messages over one channel: SMTP, an HTTP API, a chat webhook. Implementations are
 * called from several worker threads at once and must be thread-safe.
 *
 * <p>{@link #send} returns a typed {@link DeliveryResult}; it should not throw. If it does throw,
 * or returns null, the engine treats that as a retryable failure and records the reason. Calls that
 * can hang should have their own timeouts.
 *
 * <p>A minimal provider:
 * <pre>{@code
 * ChannelProvider sms = new ChannelProvider() {
 *     public ChannelType type() { return ChannelType.SMS; }
 *     public DeliveryResult send(OutboundMessage m) {
 *         return gateway.send(m.recipientField("phone_number"), m.content("text"))
 *                 ? DeliveryResult.sent(null) : DeliveryResult.retryable("gateway busy", null);
 *     }
 * };
 * }</pre>
 */
public interface ChannelProvider {

    /**
     * The channel type this provider serves; preferences switch channel types on and off.
     *
     * @return the channel type
     */
    ChannelType type();

    /**
     * Sends one message. {@link OutboundMessage#idempotencyKey()} stays the same across retries of
     * one message: pass it to the provider where it accepts one.
     *
     * @param message the rendered message with its recipient and idempotency key
     * @return what happened; a thrown exception counts as a retryable failure
     */
    DeliveryResult send(OutboundMessage message);

    /**
     * A short name for logs and message history; defaults to the class's simple name.
     *
     * @return the provider's name
     */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Whether a message to {@code recipient} can go out on this channel at all: false skips the
     * channel step with reason "missing channel data". The default checks the channel type's
     * usual field ({@code email}, {@code phone_number}, push tokens, a chat or webhook URL).
     *
     * @param recipient the recipient's contact data and channel data
     * @param channelKey the channel the step sends on
     * @return true if the recipient can be reached
     */
    default boolean canReach(OutboundMessage.RecipientInfo recipient, String channelKey) {
        return switch (type()) {
            case EMAIL -> recipient.fields().get("email") != null;
            case SMS -> recipient.fields().get("phone_number") != null;
            case PUSH -> recipient.channelData().get("tokens") instanceof java.util.Collection<?> c && !c.isEmpty();
            case CHAT, HTTP -> recipient.channelData().get("url") != null || recipient.channelData().get("webhook_url") != null
                    || recipient.channelData().get("connections") != null;
            case IN_APP_FEED -> recipient.isUser();
        };
    }

    /**
     * How the outputs of content field {@code field}'s template are escaped for the markup this
     * provider sends it in. The default escapes HTML in the {@code html} field and nothing else.
     *
     * @param field the content field, such as {@code html}, {@code text} or {@code blocks}
     * @return the escaping applied to that field's template outputs
     */
    default Template.Escaping escaping(String field) {
        return ChannelStep.escapesHtml(field) ? Template.Escaping.HTML : Template.Escaping.NONE;
    }
}
