package io.github.knockj.core.spi;

import io.github.knockj.core.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An accepted trigger, stored before any run exists so that a crash cannot lose it.
 *
 * @param id trigger id
 * @param workflowKey the workflow
 * @param recipients direct recipients and objects to fan out to, de-duplicated, in order
 * @param actorId who caused it, or null
 * @param tenant tenant, or null
 * @param data trigger data
 * @param recipientData per-recipient data (keyed by {@link Recipient#key()}) shallow-merged over {@code data}
 * @param cancellationKey cancellation key, or null
 * @param idempotencyKey idempotency key, or null
 * @param skipDelays whether delay steps are skipped
 * @param depth nesting depth through trigger-workflow steps
 * @param createdAt when accepted
 */
public record TriggerRecord(String id, String workflowKey, List<Recipient> recipients, String actorId, String tenant,
                            Map<String, Object> data, Map<String, Map<String, Object>> recipientData,
                            String cancellationKey, String idempotencyKey, boolean skipDelays, int depth, Instant createdAt) {
    /**
     * Copies the collections into unmodifiable ones.
     *
     * @param id trigger id
     * @param workflowKey the workflow
     * @param recipients direct recipients and objects to fan out to, de-duplicated, in order
     * @param actorId who caused it, or null
     * @param tenant tenant, or null
     * @param data trigger data
     * @param recipientData per-recipient data (keyed by {@link Recipient#key()}) shallow-merged over {@code data}
     * @param cancellationKey cancellation key, or null
     * @param idempotencyKey idempotency key, or null
     * @param skipDelays whether delay steps are skipped
     * @param depth nesting depth through trigger-workflow steps
     * @param createdAt when accepted
     */
    public TriggerRecord {
        recipients = List.copyOf(recipients);
        recipientData = Map.copyOf(recipientData);
    }
}
