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
        /** The run started. */
        RUN_STARTED,
        /** The run went through its last step (or an exiting branch). */
        RUN_COMPLETED,
        /** The run failed; the detail says why. */
        RUN_FAILED,
        /** The run was cancelled by its cancellation key. */
        RUN_CANCELLED,
        /** A channel step stored a message and queued its delivery. */
        MESSAGE_QUEUED,
        /** The step's condition was false; the step was skipped. */
        SKIPPED_BY_CONDITION,
        /** The recipient's preferences blocked the message. */
        BLOCKED_BY_PREFERENCE,
        /** The recipient cannot be reached on the channel (no address or token); the step was skipped. */
        MISSING_CHANNEL_DATA,
        /** A template failed to render; no message was sent. */
        RENDER_FAILED,
        /** A delay step paused the run. */
        DELAYED,
        /** A delay step did not wait (delays skipped, no valid timestamp, or a time already past). */
        DELAY_SKIPPED,
        /** The run was resumed, such as by a re-run from its failed step. */
        RESUMED,
        /** The run opened a batch and holds it until it closes. */
        BATCH_OPENED,
        /** The run's activity joined another run's open batch; this run ends absorbed. */
        BATCH_JOINED,
        /** The batch closed and the holding run goes on with its activities (or a leading item went through at once). */
        BATCH_FLUSHED,
        /** The batch step was skipped (no valid window), or its batch had nothing left to send. */
        BATCH_EMPTY,
        /** The throttle was full; the run stopped. */
        THROTTLED,
        /** The throttle admitted the run. */
        THROTTLE_PASSED,
        /** The recipient's budget ({@code Notifier.Builder#recipientBudget}) was used up; the run stopped. */
        BUDGET_EXHAUSTED,
        /** A branch step chose a branch. */
        BRANCH_TAKEN,
        /** The branch taken ends the run. */
        EXITED,
        /** An update-data step merged values into the run's data. */
        DATA_UPDATED,
        /** A fetch step merged its response into the run's data. */
        FETCHED,
        /** A fetch failed and will be retried. */
        FETCH_RETRY,
        /** A trigger-workflow step triggered another workflow. */
        WORKFLOW_TRIGGERED,
        /** The message waits for the channel step's send window to open. */
        SEND_WINDOW_WAIT,
        /** A step failed unexpectedly and will be retried. */
        STEP_RETRY,
        /** A step failed for good; the run fails. */
        STEP_FAILED,
        /** A lenient render printed undefined variables as nothing; the detail names them. */
        UNDEFINED_VARIABLES
    }
}
