package io.github.knockj.core.internal;

import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Cancellation;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who a cancel stops, and what it writes in their logs. Stores reach it through
 * {@link Cancellation#stops} and {@link Cancellation#logEntry}, under their lock on the candidate
 * runs and their open batches, so every store cancels the same runs.
 */
public final class CancelRule {
    /** The statuses a cancel may stop: the runs not yet ended, and the absorbed ones. */
    public static final Set<RunStatus> CANDIDATE_STATUSES;

    static {
        EnumSet<RunStatus> s = EnumSet.noneOf(RunStatus.class);
        for (RunStatus st : RunStatus.values()) {
            if (!st.isTerminal()) s.add(st);
        }
        s.add(RunStatus.ABSORBED);
        CANDIDATE_STATUSES = java.util.Collections.unmodifiableSet(s);
    }

    private CancelRule() {}

    /**
     * Whether the cancel stops {@code run}: it must be of the cancel's workflow and key, and of a
     * recipient the cancel covers. An absorbed run (its activity given to another run's batch) is
     * stopped only while that activity waits in an open batch, which then loses it. A run not yet
     * ended is stopped unless it holds a closed batch whose flush job has not finished: that digest is
     * already on its way, and stopping the run would lose the other runs' activities with it.
     */
    public static boolean stops(Cancellation c, WorkflowRun run, boolean inOpenBatch, boolean holdsBatchBeingFlushed) {
        if (!c.workflowKey().equals(run.workflowKey()) || !c.cancellationKey().equals(run.cancellationKey())) return false;
        if (!c.covers(run.recipient())) return false;
        if (run.status() == RunStatus.ABSORBED) return inOpenBatch;
        return !run.status().isTerminal() && !holdsBatchBeingFlushed;
    }

    /** The entry a cancelled run's log gets. */
    public static RunLogEntry logEntry(Cancellation c, String runId, Instant at) {
        return new RunLogEntry(runId, at, null, RunLogEntry.Outcome.RUN_CANCELLED, "cancelled by key " + c.cancellationKey());
    }
}
