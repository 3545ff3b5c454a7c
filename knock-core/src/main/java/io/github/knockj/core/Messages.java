package io.github.knockj.core;

import io.github.knockj.core.internal.Engine;
import io.github.knockj.core.internal.Validate;
import java.util.List;
import java.util.Optional;

/** Messages on any channel: {@code notifier.messages()}. Thread-safe. */
public final class Messages {
    private final Engine engine;
    private final Engagements engagements;
    private final io.github.knockj.core.internal.Interventions interventions;

    Messages(Engine engine, Engagements engagements) {
        this.engine = engine;
        this.engagements = engagements;
        this.interventions = new io.github.knockj.core.internal.Interventions(engine);
    }

    /**
     * Looks up a message.
     *
     * @param messageId the message id
     * @return the message, or empty if there is none
     */
    public Optional<Message> get(String messageId) {
        return engine.store().findMessage(Validate.notNull("messageId", messageId));
    }

    /**
     * Messages across all recipients and runs, newest first (by message id, which is time-ordered),
     * filtered by delivery status and channel: what an operator lists to find undelivered messages.
     * For the next page, pass the last message's id to {@link MessageQuery#withBefore}.
     *
     * @param query filters, cursor and page size, e.g. {@code MessageQuery.newest().withStatus(DeliveryStatus.UNDELIVERED)}
     * @return at most {@code query.limit()} messages, empty past the last
     */
    public List<Message> list(MessageQuery query) {
        return engine.store().listMessages(Validate.notNull("query", query));
    }

    /**
     * A message's status history, oldest first.
     *
     * @param messageId the message id
     * @return its events, empty if there is no such message
     */
    public List<MessageEvent> history(String messageId) {
        return engine.store().messageEvents(Validate.notNull("messageId", messageId));
    }

    /**
     * Delivers an undelivered or bounced message again (a manual retry), from the channel's first
     * provider with a fresh attempt count. Returns the message as queued.
     *
     * @param messageId the message id
     * @return the message as queued
     * @throws NotFoundException if there is no such message
     * @throws InvalidInputException if the message is not undelivered or bounced
     */
    public Message retry(String messageId) {
        return interventions.retryDelivery(Validate.notNull("messageId", messageId));
    }

    /**
     * Records a status a provider reported after the send, through its delivery or bounce webhook:
     * {@code DELIVERED}, {@code BOUNCED}, {@code UNDELIVERED} or {@code SENT}, with the provider's
     * words as {@code detail}. The message's history gets an entry and listeners hear the change.
     *
     * @param messageId the message id
     * @param status the reported status
     * @param detail the provider's words, or null
     * @return the message as stored after the change
     * @throws NotFoundException if there is no such message
     * @throws InvalidInputException if {@code detail} holds NUL or an unpaired surrogate
     */
    public Message recordProviderStatus(String messageId, DeliveryStatus status, String detail) {
        return interventions.recordProviderStatus(Validate.notNull("messageId", messageId), status, Validate.text("detail", detail));
    }

    /**
     * Records engagement reported from outside the feed (an email open, a link click, a push tap).
     *
     * @param messageId the message id
     * @param e the engagement, set now
     * @return the message as stored after the change
     * @throws NotFoundException if there is no such message
     */
    public Message record(String messageId, Engagement e) {
        Message m = get(messageId).orElseThrow(() -> new NotFoundException("no message '" + messageId + "'"));
        List<Message> changed = engagements.apply(List.of(m.id()), e, true);
        return changed.stream().filter(x -> x.id().equals(messageId)).findFirst().orElse(get(messageId).orElse(m));
    }
}
