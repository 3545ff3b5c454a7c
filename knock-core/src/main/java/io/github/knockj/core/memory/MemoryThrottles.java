package io.github.knockj.core.memory;

import io.github.knockj.core.spi.ThrottleStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link ThrottleStore} of {@link InMemoryStore}: each throttle key's hits.
 *
 * <p>Invariants, under {@link MemoryState#lock}: a window never admits more than its limit; one hit
 * per (key, run), whose answer a repeat gets (a refusal stands; an admission stands while inside the
 * window). {@link MemoryRetention} deletes old refusals through {@link #purgeRefusals}.
 */
final class MemoryThrottles implements ThrottleStore {
    private final ReentrantLock lock;
    private final Map<String, Throttle> throttles = new HashMap<>();

    MemoryThrottles(MemoryState state) {
        this.lock = state.lock;
    }

    /** One throttle key's hits: each run's answer, and the admitted runs by the time they were counted. */
    private static final class Throttle {
        final Map<String, ThrottleHit> hits = new HashMap<>();
        final TreeMap<Instant, List<String>> admitted = new TreeMap<>();
    }

    private record ThrottleHit(Instant at, boolean admitted) {}

    @Override
    public boolean acquireThrottle(String key, String runId, Instant now, Duration window, int limit) {
        lock.lock();
        try {
            Throttle t = throttles.computeIfAbsent(key, k -> new Throttle());
            Instant cutoff = now.minus(window);
            ThrottleHit previous = t.hits.get(runId);
            // a refusal stands; an admission stands while it is inside the window
            if (previous != null && (!previous.admitted() || previous.at().isAfter(cutoff))) return previous.admitted();
            // admissions that left the window count no more
            SortedMap<Instant, List<String>> left = t.admitted.headMap(cutoff, true);
            left.values().forEach(ids -> ids.forEach(t.hits::remove));
            left.clear();
            int counted = 0;
            for (List<String> ids : t.admitted.headMap(now, true).values()) counted += ids.size();
            boolean ok = counted < limit;
            t.hits.put(runId, new ThrottleHit(now, ok));
            if (ok) t.admitted.computeIfAbsent(now, k -> new ArrayList<>(1)).add(runId);
            return ok;
        } finally {
            lock.unlock();
        }
    }

    /** Deletes at most {@code limit} refusals older than {@code cutoff} (admissions are live); returns how many. Lock held. */
    int purgeRefusals(Instant cutoff, int limit) {
        int n = 0;
        for (var keys = throttles.values().iterator(); keys.hasNext() && n < limit; ) {
            Throttle t = keys.next();
            n += MemoryRetention.removeOld(t.hits.values().iterator(), h -> !h.admitted() && h.at().isBefore(cutoff), limit - n, h -> { });
            if (t.hits.isEmpty()) keys.remove();
        }
        return n;
    }
}
