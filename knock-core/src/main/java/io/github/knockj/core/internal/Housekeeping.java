package io.github.knockj.core.internal;

import io.github.knockj.core.spi.PurgeRequest;
import io.github.knockj.core.spi.PurgeResult;
import io.github.knockj.core.spi.RetentionKind;
import io.github.knockj.core.spi.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention housekeeping, and the retention policy: what is deleted when. Every
 * {@link RetentionKind} is purged once it is older than the retention (runs since their last update,
 * messages since they were created, idempotency records since they expired, cancellations and
 * throttle refusals since they were made); the store only runs the bounded deletes. The
 * {@link Scheduler} runs it every few minutes in automatic mode; the Notifier's
 * {@code purgeExpired()} runs it on demand. Not a durable job: every node may run it, and a pass cut
 * short is simply repeated.
 */
final class Housekeeping {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    /** Rows purged per kind and store call; a pass repeats calls for the kinds that reached it. */
    static final int PURGE_CHUNK = 1000;
    /** The most store calls in one pass. */
    static final int MAX_CALLS = 10_000;

    private final Store store;
    private final Clock clock;
    private final Duration retention;

    Housekeeping(Store store, Clock clock, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
    }

    /** The first request of a pass: every kind, older than the retention, at most {@link #PURGE_CHUNK} rows each. */
    static PurgeRequest policy(Instant now, Duration retention) {
        return PurgeRequest.everyKind(now.minus(retention), PURGE_CHUNK);
    }

    /** One pass, in bounded chunks. Returns how many rows it deleted (0 when no retention is set). */
    int purgeExpired() {
        if (retention == null) return 0;
        PurgeRequest request = policy(clock.instant(), retention);
        int total = purge(store, request, MAX_CALLS);
        if (total > 0) log.info("housekeeping deleted {} rows older than {}", total, request.bound(RetentionKind.RUNS).before());
        return total;
    }

    /**
     * Calls the store until every kind deleted fewer rows than its limit (or {@code maxCalls} calls),
     * asking each time only for the kinds that may have more. Returns the rows deleted over all calls.
     */
    static int purge(Store store, PurgeRequest request, int maxCalls) {
        int total = 0;
        for (int i = 0; i < maxCalls && !request.kinds().isEmpty(); i++) {
            PurgeResult result = store.purge(request);
            total += result.total();
            Map<RetentionKind, PurgeRequest.Bound> more = new EnumMap<>(RetentionKind.class);
            request.kinds().forEach((kind, bound) -> {
                if (bound.limit() > 0 && result.deleted(kind) >= bound.limit()) more.put(kind, bound);
            });
            request = new PurgeRequest(more);
        }
        return total;
    }
}
