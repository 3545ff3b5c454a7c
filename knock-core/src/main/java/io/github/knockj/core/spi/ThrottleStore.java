package io.github.knockj.core.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * The store's role for throttles: the runs counted per throttle key within a sliding window.
 *
 * <p>Invariants an implementation enforces: a window never admits more than its limit, however many
 * runs ask at once; a run is counted at most once per key and gets the same answer when it asks again.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface ThrottleStore {
    /**
     * Counts a run against a throttle: true if fewer than {@code limit} runs were counted for
     * {@code key} within {@code (now - window, now]}, in which case this run is counted too.
     * Asking again for the same run gives the same answer.
     *
     * @param key the throttle key, as the engine computed it for the run
     * @param runId the run asking; counted at most once
     * @param now the current time
     * @param window the length of the sliding window
     * @param limit how many runs the window admits
     * @return true if the run is admitted (and counted), false if the throttle is full
     */
    boolean acquireThrottle(String key, String runId, Instant now, Duration window, int limit);
}
