package io.github.knockj.core.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * The store's role for throttles: one hit per throttle key and run, recording whether the run was
 * admitted, counted within a sliding window.
 *
 * <p>Invariants an implementation enforces: a window never admits more than its limit, however many
 * runs ask at once; a run has at most one hit per key, and asking again returns the answer recorded
 * with it. That answer is the memo a run re-executed after a crash (before its commit) relies on:
 * it cannot live in the run's own commit, which that crash lost, so it lives in the hit. A refusal
 * stands until {@link RetentionStore} purges it ({@link RetentionKind#THROTTLE_REFUSALS}); an
 * admission stands while it is inside its window, and once the window has passed the run is counted
 * afresh. The store may drop admissions whose window has passed whenever it counts a key.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface ThrottleStore {
    /**
     * Counts a run against a throttle: if the run has a hit for {@code key} (a refusal, or an
     * admission after {@code now - window}), returns its answer; otherwise true if fewer than
     * {@code limit} runs were admitted for {@code key} within {@code (now - window, now]}, and
     * records the run's hit with the answer either way.
     *
     * @param key the throttle key, as the engine computed it for the run
     * @param runId the run asking; it has at most one hit per key
     * @param now the current time
     * @param window the length of the sliding window
     * @param limit how many runs the window admits
     * @return true if the run is admitted (and counted), false if the throttle is full
     */
    boolean acquireThrottle(String key, String runId, Instant now, Duration window, int limit);
}
