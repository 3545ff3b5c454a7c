package io.github.knockj.core;

import java.time.Instant;

/**
 * What a run decided at one point and why: the answer to "why did (or didn't) this person get it".
 *
 * @param runId the run
 * @param at when
 * @param stepRef the step, or null for run-level entries
 * @param outcome what happened, such as {@link Outcome#MESSAGE_QUEUED} or {@link Outcome#BLOCKED_BY_PREFERENCE}
 * @param detail a human-readable reason; may be null
 */
public record RunLogEntry(String runId, Instant at, String stepRef, Outcome outcome, String detail) {

    /** The decisions a run records. */
    public enum Outcome {
        RUN_STARTED, RUN_COMPLETED, RUN_FAILED, RUN_CANCELLED,
        MESSAGE_QUEUED, SKIPPED_BY_CONDITION, BLOCKED_BY_PREFERENCE, MISSING_CHANNEL_DATA, RENDER_FAILED,
        DELAYED, DELAY_SKIPPED, RESUMED,
        BATCH_OPENED, BATCH_JOINED, BATCH_FLUSHED, BATCH_EMPTY,
        THROTTLED, THROTTLE_PASSED, BUDGET_EXHAUSTED,
        BRANCH_TAKEN, EXITED, DATA_UPDATED, FETCHED, FETCH_RETRY, WORKFLOW_TRIGGERED,
        SEND_WINDOW_WAIT, STEP_RETRY, STEP_FAILED,
        /** A lenient render printed undefined variables as nothing; the detail names them. */
        UNDEFINED_VARIABLES
    }
}
