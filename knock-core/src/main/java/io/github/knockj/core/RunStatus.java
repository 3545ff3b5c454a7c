package io.github.knockj.core;

/** The state of one workflow run (one recipient of one trigger). */
public enum RunStatus {
    /** Ready to execute its next step. */
    ACTIVE,
    /** Waiting: in a delay, holding an open batch, or retrying a failed step. */
    PAUSED,
    /** Every step ran (or the run left through an exit branch). */
    COMPLETED,
    /** Joined a batch another run holds; that run carries this one's activity. */
    ABSORBED,
    /** Stopped by a throttle or a recipient budget. */
    STOPPED,
    /** Cancelled through its cancellation key. */
    CANCELLED,
    /** A step failed after its retries. */
    FAILED;

    /** {@return true for every status but ACTIVE and PAUSED: the run will not go on} */
    public boolean isTerminal() {
        return this != ACTIVE && this != PAUSED;
    }
}
