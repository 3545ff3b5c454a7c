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
 * @param traceContext the {@link NotifierTracing.Span#context() context} of the trigger's {@code knock.trigger}
 *                     span, parent of its runs' and deliveries' spans; null when not traced
 */
public record TriggerRecord(String id, String workflowKey, List<Recipient> recipients, String actorId, String tenant,
                            Map<String, Object> data, Map<String, Map<String, Object>> recipientData,
                            String cancellationKey, String idempotencyKey, boolean skipDelays, int depth, Instant createdAt,
                            String traceContext) {
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
     * @param traceContext the trigger span's context, or null
     */
    public TriggerRecord {
        recipients = List.copyOf(recipients);
        recipientData = Map.copyOf(recipientData);
    }

    /**
     * A trigger without a trace context.
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
    public TriggerRecord(String id, String workflowKey, List<Recipient> recipients, String actorId, String tenant,
                         Map<String, Object> data, Map<String, Map<String, Object>> recipientData,
                         String cancellationKey, String idempotencyKey, boolean skipDelays, int depth, Instant createdAt) {
        this(id, workflowKey, recipients, actorId, tenant, data, recipientData, cancellationKey, idempotencyKey, skipDelays, depth, createdAt, null);
    }
}
