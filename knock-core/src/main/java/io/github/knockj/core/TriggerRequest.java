package io.github.knockj.core;

import java.util.List;
import java.util.Map;

/**
 * Everything a trigger says, as built by {@link TriggerBuilder}.
 *
 * @param workflowKey the workflow to run
 * @param recipients user ids and objects, in order (duplicates are dropped)
 * @param inlineUsers users to identify before the runs start
 * @param actor who caused it, or null
 * @param inlineActor the actor to identify first, or null
 * @param data trigger data (JSON-compatible)
 * @param recipientData per-recipient data shallow-merged over {@code data}, keyed by {@link Recipient#key()}
 * @param tenant tenant id, or null
 * @param idempotencyKey idempotency key, or null
 * @param cancellationKey cancellation key, or null
 * @param skipDelays skip delay steps (for tests and previews)
 */
public record TriggerRequest(String workflowKey, List<Recipient> recipients, List<User> inlineUsers, String actor,
                             User inlineActor, Map<String, Object> data, Map<String, Map<String, Object>> recipientData,
                             String tenant, String idempotencyKey, String cancellationKey, boolean skipDelays) {
    /**
     * Copies the collections into unmodifiable ones.
     *
     * @param workflowKey the workflow to run
     * @param recipients user ids and objects, in order (duplicates are dropped)
     * @param inlineUsers users to identify before the runs start
     * @param actor who caused it, or null
     * @param inlineActor the actor to identify first, or null
     * @param data trigger data (JSON-compatible)
     * @param recipientData per-recipient data shallow-merged over {@code data}, keyed by {@link Recipient#key()}
     * @param tenant tenant id, or null
     * @param idempotencyKey idempotency key, or null
     * @param cancellationKey cancellation key, or null
     * @param skipDelays skip delay steps (for tests and previews)
     */
    public TriggerRequest {
        recipients = List.copyOf(recipients);
        inlineUsers = List.copyOf(inlineUsers);
        recipientData = Map.copyOf(recipientData);
    }
}
