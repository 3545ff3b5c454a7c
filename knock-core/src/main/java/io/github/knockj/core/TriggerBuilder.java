package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds and sends one trigger: {@code notifier.trigger("new-comment").recipients("u1").data(...).send()}.
 * Not thread-safe; use one builder per trigger.
 */
public final class TriggerBuilder {
    private final String workflowKey;
    private final Function<TriggerRequest, TriggerResult> sender;
    private final java.util.function.BiFunction<TriggerRequest, io.github.knockj.core.spi.Store, TriggerResult> transactionalSender;
    private final List<Recipient> recipients = new ArrayList<>();
    private final List<User> inlineUsers = new ArrayList<>();
    private String actor;
    private User inlineActor;
    private Map<String, Object> data = Map.of();
    private final Map<String, Map<String, Object>> recipientData = new LinkedHashMap<>();
    private String tenant;
    private String idempotencyKey;
    private String cancellationKey;
    private boolean skipDelays;

    TriggerBuilder(String workflowKey, Function<TriggerRequest, TriggerResult> sender,
                   java.util.function.BiFunction<TriggerRequest, io.github.knockj.core.spi.Store, TriggerResult> transactionalSender) {
        this.workflowKey = workflowKey;
        this.sender = sender;
        this.transactionalSender = transactionalSender;
    }

    /**
     * Adds user recipients by id.
     *
     * @param userIds ids of users, who need not exist yet (a run for an unknown user stops with the reason
     *     logged)
     * @return this builder
     */
    public TriggerBuilder recipients(String... userIds) {
        for (String id : userIds) recipients.add(Recipient.user(id));
        return this;
    }

    /**
     * Adds user recipients by id.
     *
     * @param userIds ids of users, who need not exist yet
     * @return this builder
     */
    public TriggerBuilder recipients(List<String> userIds) {
        for (String id : userIds) recipients.add(Recipient.user(id));
        return this;
    }

    /**
     * Adds an object recipient: the object itself and, page by page, every subscriber. The object
     * must exist ({@link KnockObjects#set}) when the trigger is sent.
     *
     * @param object the object's collection and id
     * @return this builder
     */
    public TriggerBuilder recipient(ObjectRef object) {
        recipients.add(Recipient.object(Validate.notNull("trigger.recipient", object)));
        return this;
    }

    /**
     * Adds a user recipient given inline: identified (upserted) before the run starts. A user given
     * inline more than once (or also as the inline actor) is identified with its first occurrence's fields.
     *
     * @param user the user, merged into the stored one as {@code identify} does
     * @return this builder
     */
    public TriggerBuilder recipient(User user) {
        inlineUsers.add(Validate.notNull("trigger.recipient", user));
        recipients.add(Recipient.user(user.id()));
        return this;
    }

    /**
     * The user who caused the trigger, by id; templates and conditions see them as {@code actor}, and batches
     * count them among {@code actors}. If unset, no actor.
     *
     * @param userId the actor's user id, or null for none
     * @return this builder
     */
    public TriggerBuilder actor(String userId) {
        this.actor = userId;
        return this;
    }

    /**
     * The actor given inline: identified before the runs start.
     *
     * @param user the actor, merged into the stored user as {@code identify} does
     * @return this builder
     */
    public TriggerBuilder actor(User user) {
        this.inlineActor = Validate.notNull("trigger.actor", user);
        this.actor = user.id();
        return this;
    }

    /**
     * Trigger data, JSON-compatible; available to templates and conditions as {@code data}.
     *
     * @param data the data, replacing any set before; null for none
     * @return this builder
     */
    public TriggerBuilder data(Map<String, ?> data) {
        this.data = data == null ? Map.of() : new LinkedHashMap<>(data);
        return this;
    }

    /**
     * Data for one user recipient, shallow-merged over the trigger data for that recipient's run.
     *
     * @param userId the recipient the data is for
     * @param data the data for that recipient; null for an empty map
     * @return this builder
     */
    public TriggerBuilder recipientData(String userId, Map<String, ?> data) {
        recipientData.put(Recipient.user(userId).key(), data == null ? Map.of() : new LinkedHashMap<>(data));
        return this;
    }

    /**
     * The tenant the trigger belongs to: its runs use the tenant's preference defaults and see it as {@code
     * tenant} in templates. If unset, none.
     *
     * @param tenantId the tenant id, or null for none
     * @return this builder
     */
    public TriggerBuilder tenant(String tenantId) {
        this.tenant = tenantId;
        return this;
    }

    /**
     * A key that makes the trigger idempotent: within the idempotency window (24 hours unless
     * configured) the same key with the same parameters returns the first result and triggers
     * nothing; with different parameters it fails with {@link IdempotencyConflictException}.
     *
     * @param key the key, or null for none
     * @return this builder
     */
    public TriggerBuilder idempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    /**
     * A key {@code notifier.cancel(workflow, key)} can later cancel this trigger's paused runs by.
     *
     * @param key the key, or null for none
     * @return this builder
     */
    public TriggerBuilder cancellationKey(String key) {
        this.cancellationKey = key;
        return this;
    }

    /**
     * Skips every delay step of the runs (for tests and previews).
     *
     * @return this builder
     */
    public TriggerBuilder skipDelays() {
        this.skipDelays = true;
        return this;
    }

    /**
     * The request as built so far.
     *
     * @return an immutable request, to send later with {@link Notifier#trigger(TriggerRequest)}
     */
    public TriggerRequest request() {
        return new TriggerRequest(workflowKey, recipients, inlineUsers, actor, inlineActor, data, recipientData, tenant,
                idempotencyKey, cancellationKey, skipDelays);
    }

    /**
     * Validates and stores the trigger; its runs start at once on the workers. Returns when the
     * trigger is stored durably.
     *
     * @return the trigger id, and whether this was a replay of an earlier trigger with the same idempotency
     *     key
     * @throws UnknownWorkflowException if no workflow has the key
     * @throws WorkflowInactiveException if the workflow is inactive
     * @throws InvalidInputException for missing or invalid recipients, ids or data
     * @throws NotFoundException naming every object recipient that does not exist; nothing was stored
     * @throws PayloadTooLargeException if the data is over the size limit
     * @throws IdempotencyConflictException if the idempotency key was used with other parameters
     * @throws StoreException if the store failed; nothing was triggered
     */
    public TriggerResult send() {
        return sender.apply(request());
    }

    /**
     * Sends the trigger as part of the application's own database transaction: {@code transaction}
     * is the Notifier's store bound to an open transaction (knock-jdbc's
     * {@code jdbcStore.joining(connection)}). The notification then exists if and only if that
     * transaction commits; workers pick it up at their next poll after the commit.
     *
     * @param transaction the Notifier's store joined to the caller's open transaction
     * @return the trigger id, and whether this was a replay of an earlier trigger with the same idempotency
     *     key
     * @throws UnknownWorkflowException etc. as {@link #send()}
     */
    public TriggerResult send(io.github.knockj.core.spi.Store transaction) {
        return transactionalSender.apply(request(), Validate.notNull("transaction", transaction));
    }
}
