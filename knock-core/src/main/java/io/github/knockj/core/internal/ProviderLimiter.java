package io.github.knockj.core.internal;

import io.github.knockj.core.ProviderLimits;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Enforces {@link ProviderLimits} for one provider: a sliding log of recent sends and a count of
 * sends in flight, on the engine's clock. Thread-safe.
 */
public final class ProviderLimiter {
    private final ProviderLimits limits;
    private final ArrayDeque<Instant> recent = new ArrayDeque<>();
    private int inFlight;

    ProviderLimiter(ProviderLimits limits) {
        this.limits = limits;
    }

    /** Takes a permit at {@code now}; returns null on success, else the earliest time to try again. */
    synchronized Instant tryAcquire(Instant now) {
        Instant cutoff = now.minus(limits.window());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) recent.pollFirst();
        if (inFlight >= limits.maxConcurrent()) return now.plusMillis(20);
        if (recent.size() >= limits.maxPerWindow()) return recent.peekFirst().plus(limits.window());
        recent.addLast(now);
        inFlight++;
        return null;
    }

    synchronized void release() {
        inFlight--;
    }
}
