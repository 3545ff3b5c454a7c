package io.github.knockj.core.spi;

import io.github.knockj.core.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored recurring schedule.
 *
 * @param id schedule id
 * @param workflowKey the workflow it triggers
 * @param recipients who it triggers for
 * @param actorId actor, or null
 * @param tenant tenant, or null
 * @param data trigger data
 * @param repeat the repeat rule in its stored form
 * @param endsAt no occurrence after this, or null
 * @param nextAt the next occurrence, or null when none is left
 * @param lastAt the last occurrence that fired, or null
 * @param createdAt when created
 * @param updatedAt when last changed
 */
public record ScheduleRecord(String id, String workflowKey, List<Recipient> recipients, String actorId, String tenant,
                             Map<String, Object> data, Map<String, Object> repeat, Instant endsAt, Instant nextAt,
                             Instant lastAt, Instant createdAt, Instant updatedAt) {
    /**
     * Copies {@code recipients}.
     *
     * @param id schedule id
     * @param workflowKey the workflow it triggers
     * @param recipients who it triggers for
     * @param actorId actor, or null
     * @param tenant tenant, or null
     * @param data trigger data
     * @param repeat the repeat rule in its stored form
     * @param endsAt no occurrence after this, or null
     * @param nextAt the next occurrence, or null when none is left
     * @param lastAt the last occurrence that fired, or null
     * @param createdAt when created
     * @param updatedAt when last changed
     */
    public ScheduleRecord {
        recipients = List.copyOf(recipients);
    }
}
