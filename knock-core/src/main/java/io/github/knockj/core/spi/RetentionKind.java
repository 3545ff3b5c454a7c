package io.github.knockj.core.spi;

/**
 * The kinds of rows a {@link RetentionStore} purges. Each kind names what is old enough to go, given
 * its cutoff in a {@link PurgeRequest}; what is still live is never deleted, whatever the cutoff.
 */
public enum RetentionKind {
    /** Terminal runs whose last update is before the cutoff, with their run logs. Active and paused runs stay. */
    RUNS,
    /** Messages in a final delivery status created before the cutoff, with their history. Messages still being delivered stay. */
    MESSAGES,
    /** Idempotency records that expire before the cutoff. */
    IDEMPOTENCY_RECORDS,
    /** Cancellations issued before the cutoff. */
    CANCELLATIONS,
    /**
     * Throttle refusals recorded before the cutoff. A refusal only answers a run that asks again
     * (after a crash, before its commit); admitted hits stay while they count in their window (the
     * store drops them when the window has passed, see {@link ThrottleStore}).
     */
    THROTTLE_REFUSALS
}
