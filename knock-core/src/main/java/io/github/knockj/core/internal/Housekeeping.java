package io.github.knockj.core.internal;

import io.github.knockj.core.spi.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention housekeeping: deletes finished runs, messages and expired records older than the
 * retention. The {@link Scheduler} runs it every few minutes in automatic mode; the Notifier's
 * {@code purgeExpired()} runs it on demand. Not a durable job: every node may run it, and a pass cut
 * short is simply repeated.
 */
final class Housekeeping {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    /** Rows purged per kind and store call; a pass repeats calls until one deletes fewer. */
    static final int PURGE_CHUNK = 1000;

    private final Store store;
    private final Clock clock;
    private final Duration retention;

    Housekeeping(Store store, Clock clock, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
    }

    /** One pass, in bounded chunks. Returns how many rows it deleted (0 when no retention is set). */
    int purgeExpired() {
        if (retention == null) return 0;
        Instant cutoff = clock.instant().minus(retention);
        int total = 0;
        for (int i = 0; i < 10_000; i++) {
            int n = store.purge(cutoff, PURGE_CHUNK);
            total += n;
            if (n < PURGE_CHUNK) break;
        }
        if (total > 0) log.info("housekeeping deleted {} rows older than {}", total, cutoff);
        return total;
    }
}
