package io.github.knockj.core;

import java.time.Duration;

/**
 * Limits on how hard this instance drives each provider of a channel: at most
 * {@code maxPerWindow} sends per {@code window}, and at most {@code maxConcurrent} sends in flight.
 * Deliveries over a limit are not dropped and not counted as attempts: they wait in the durable
 * queue until the provider has room. Limits apply per Notifier instance; with several instances,
 * divide the provider's quota among them.
 *
 * @param maxPerWindow sends allowed per window (at least 1)
 * @param window the rate window
 * @param maxConcurrent sends in flight at once (at least 1)
 */
public record ProviderLimits(int maxPerWindow, Duration window, int maxConcurrent) {
    /**
     * Validates the limits.
     *
     * @param maxPerWindow sends allowed per window (at least 1)
     * @param window the rate window
     * @param maxConcurrent sends in flight at once (at least 1)
     * @throws IllegalArgumentException if a count is below 1 or the window is null or not positive
     */
    public ProviderLimits {
        if (maxPerWindow < 1) throw new IllegalArgumentException("maxPerWindow must be at least 1, was " + maxPerWindow);
        if (window == null || window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be positive, was " + window);
        if (maxConcurrent < 1) throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
    }

    /**
     * At most {@code n} sends per second, any concurrency up to the delivery threads.
     *
     * @param n sends per second, at least 1
     * @return the limits
     */
    public static ProviderLimits perSecond(int n) {
        return new ProviderLimits(n, Duration.ofSeconds(1), Integer.MAX_VALUE);
    }

    /**
     * {@return a copy allowing at most {@code n} sends in flight at once}
     *
     * @param n at least 1
     */
    public ProviderLimits withMaxConcurrent(int n) {
        return new ProviderLimits(maxPerWindow, window, n);
    }
}
