package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.millis;

import io.github.knockj.jdbc.internal.Schema.ThrottleHits;
import io.github.knockj.jdbc.internal.Schema.ThrottleKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jooq.Record;

/**
 * Throttles: one row per counted (or refused) run. Acquirers of one key take turns on that key's
 * row in {@code knock_throttle_keys}, so the count they read is the count they extend.
 */
public final class ThrottleRepository {
    private final Tx tx;

    public ThrottleRepository(Tx tx) {
        this.tx = tx;
    }

    public boolean acquire(String key, String runId, Instant now, Duration window, int limit) {
        long nowMs = millis(now);
        long cutoff = millis(now.minus(window));
        return tx.run("acquireThrottle", ctx -> {
            tx.dialect().insertAbsent(ctx, ThrottleKeys.T, Sql.fields(ThrottleKeys.KEY), 0, List.<Object[]>of(new Object[] {key}));
            ctx.select(ThrottleKeys.KEY).from(ThrottleKeys.T).where(ThrottleKeys.KEY.eq(key)).forUpdate().fetch();
            org.jooq.Condition mine = ThrottleHits.KEY.eq(key).and(ThrottleHits.RUN_ID.eq(runId));
            Record previous = ctx.select(ThrottleHits.AT, ThrottleHits.ADMITTED).from(ThrottleHits.T).where(mine).fetchOne();
            if (previous != null) {
                boolean admitted = previous.get(ThrottleHits.ADMITTED);
                // a refusal stands; an admission stands while it is inside the window
                if (!admitted || previous.get(ThrottleHits.AT) > cutoff) return admitted;
            }
            // admissions that left the window count no more
            ctx.deleteFrom(ThrottleHits.T)
                    .where(ThrottleHits.KEY.eq(key).and(ThrottleHits.ADMITTED.isTrue()).and(ThrottleHits.AT.le(cutoff))).execute();
            int counted = ctx.selectCount().from(ThrottleHits.T)
                    .where(ThrottleHits.KEY.eq(key).and(ThrottleHits.ADMITTED.isTrue())
                            .and(ThrottleHits.AT.gt(cutoff)).and(ThrottleHits.AT.le(nowMs)))
                    .fetchOne(0, Integer.class);
            boolean ok = counted < limit;
            ctx.insertInto(ThrottleHits.T, ThrottleHits.KEY, ThrottleHits.RUN_ID, ThrottleHits.AT, ThrottleHits.ADMITTED)
                    .values(key, runId, nowMs, ok).execute();
            return ok;
        });
    }
}
