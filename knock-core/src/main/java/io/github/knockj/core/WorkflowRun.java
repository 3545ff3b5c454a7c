package io.github.knockj.core;

import java.time.Instant;
import java.util.Map;

/**
 * One execution of a workflow for one recipient of a trigger.
 *
 * @param id run id; derived from the trigger id and the recipient, so re-executing a trigger after a
 *           crash produces the same runs
 * @param triggerId the trigger that started it
 * @param workflowKey its workflow
 * @param recipient who it is for
 * @param actorId who caused it, or null
 * @param tenant the tenant, or null
 * @param data the trigger data as this run sees it (per-recipient overrides and step updates applied)
 * @param cancellationKey the key {@code cancel} matches, or null
 * @param status where the run stands
 * @param cursor the ref of the next step to execute, or null when none is left
 * @param state engine bookkeeping: messages per step, batch values, retry counts (JSON-compatible)
 * @param depth how many trigger-workflow steps led to this run (0 for an application trigger)
 * @param skipDelays whether delays are skipped (a trigger option for tests)
 * @param createdAt when created
 * @param updatedAt when last changed
 * @param version incremented on every change; stores apply run updates only on the expected version
 */
public record WorkflowRun(String id, String triggerId, String workflowKey, Recipient recipient, String actorId, String tenant,
                          Map<String, Object> data, String cancellationKey, RunStatus status, String cursor,
                          Map<String, Object> state, int depth, boolean skipDelays, Instant createdAt, Instant updatedAt,
                          long version) {

    /**
     * A copy moved on: new status, cursor, data and state, version incremented.
     *
     * @param newStatus the new status
     * @param newCursor the ref of the step to run next, or null
     * @param newData the run's data
     * @param newState the engine's per-run state
     * @param now the new {@code updatedAt}
     * @return the copy; this run is unchanged
     */
    public WorkflowRun advanced(RunStatus newStatus, String newCursor, Map<String, Object> newData,
                                Map<String, Object> newState, Instant now) {
        return new WorkflowRun(id, triggerId, workflowKey, recipient, actorId, tenant, newData, cancellationKey, newStatus,
                newCursor, newState, depth, skipDelays, createdAt, now, version + 1);
    }

    /**
     * A copy with a new status, version incremented.
     *
     * @param newStatus the new status
     * @param now the new {@code updatedAt}
     * @return the copy; this run is unchanged
     */
    public WorkflowRun withStatus(RunStatus newStatus, Instant now) {
        return advanced(newStatus, cursor, data, state, now);
    }
}
