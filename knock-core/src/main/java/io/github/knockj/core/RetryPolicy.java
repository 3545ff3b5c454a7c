package io.github.knockj.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How deliveries are retried: up to {@code maxAttempts} attempts in all, waiting
 * {@code initialDelay * 2^(n-1)} (capped at {@code maxDelay}) before retry n, with up to
 * {@code jitter} of that wait added or taken away at random. The default, 8 attempts starting at
 * 15 s and doubling to 8 minutes, spreads retries over about half an hour.
 *
 * @param maxAttempts attempts in all, at least 1
 * @param initialDelay wait before the first retry
 * @param maxDelay longest wait between attempts
 * @param jitter fraction (0 to 1) of each wait randomised
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double jitter) {
    /** The default of every channel: 8 attempts, waits doubling from 15 seconds up to 8 minutes, 20% jitter. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(15), Duration.ofMinutes(8), 0.2);
    /** One attempt, no retries. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0);

    /**
     * Validates the policy.
     *
     * @param maxAttempts attempts in all, at least 1
     * @param initialDelay wait before the first retry
     * @param maxDelay longest wait between attempts
     * @param jitter fraction (0 to 1) of each wait randomised
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1, a delay is null or not positive,
     *     {@code maxDelay} is below {@code initialDelay}, or {@code jitter} is outside 0 to 1
     */
    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay must be positive, was " + initialDelay);
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least initialDelay, was " + maxDelay);
        }
        if (jitter < 0 || jitter > 1) throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry).
     *
     * @param retry the retry number, from 1
     * @return the wait: {@code initialDelay} doubled per retry up to {@code maxDelay}, then jittered
     */
    public Duration delayBefore(int retry) {
        long base = initialDelay.toMillis();
        long millis = base;
        for (int i = 1; i < retry && millis < maxDelay.toMillis(); i++) millis *= 2;
        millis = Math.min(millis, maxDelay.toMillis());
        if (jitter > 0) {
            long spread = (long) (millis * jitter);
            millis += ThreadLocalRandom.current().nextLong(-spread, spread + 1);
        }
        return Duration.ofMillis(Math.max(1, millis));
    }
}
