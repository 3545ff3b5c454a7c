package io.github.knockj.core.spi;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.internal.CancelRule;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A recorded cancel, kept for a short window so that runs created just after it (by a trigger
 * processed late, or sent just after the cancel) are cancelled too.
 *
 * <p>It also carries the rule of who a cancel stops, so that a store only reads and writes: a store's
 * {@link RunStore#cancelRuns} locks the candidate runs (those of the workflow and cancellation key
 * whose status is in {@link #candidateStatuses()}) and the open batches they are in, asks
 * {@link #stops} of each, and writes {@link #logEntry} to the logs of those it cancels.
 *
 * @param workflowKey the workflow
 * @param cancellationKey the key
 * @param recipients only these recipients; empty for all
 * @param at when the cancel was requested
 */
public record Cancellation(String workflowKey, String cancellationKey, List<Recipient> recipients, Instant at) {
    /**
     * Copies {@code recipients}.
     *
     * @param workflowKey the workflow
     * @param cancellationKey the key
     * @param recipients only these recipients; empty for all
     * @param at when the cancel was requested
     */
    public Cancellation {
        recipients = List.copyOf(recipients);
    }

    /**
     * {@return true if the cancellation applies to {@code r}: it names no recipients, or names {@code r}}
     *
     * @param r a run's recipient
     */
    public boolean covers(Recipient r) {
        return recipients.isEmpty() || recipients.contains(r);
    }

    /**
     * {@return the statuses of the runs a cancel may stop (those not yet ended, and absorbed ones)}
     * A store may read only runs in these statuses as candidates.
     */
    public static Set<RunStatus> candidateStatuses() {
        return CancelRule.CANDIDATE_STATUSES;
    }

    /**
     * Whether this cancel stops {@code run}, given its batch state as the store read it under its lock.
     * The run must be of this workflow and cancellation key and of a recipient this cancel
     * {@linkplain #covers covers}. An absorbed run is stopped only while its activity waits in an open
     * batch; a run not yet ended is stopped unless it holds a closed batch whose flush job has not
     * finished (that digest is already on its way).
     *
     * @param run a candidate run
     * @param inOpenBatch whether the run has an activity in an open batch
     * @param holdsBatchBeingFlushed whether the run holds (has the earliest activity of) a closed batch
     *     whose flush job still exists
     * @return true if the store must cancel the run
     */
    public boolean stops(WorkflowRun run, boolean inOpenBatch, boolean holdsBatchBeingFlushed) {
        return CancelRule.stops(this, run, inOpenBatch, holdsBatchBeingFlushed);
    }

    /**
     * {@return the entry this cancel writes to the log of a run it cancelled}
     *
     * @param runId the cancelled run
     * @param now the time of the cancel, as given to {@link RunStore#cancelRuns}
     */
    public RunLogEntry logEntry(String runId, Instant now) {
        return CancelRule.logEntry(this, runId, now);
    }
}
