package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.millis;

import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.spi.PurgeRequest;
import io.github.knockj.core.spi.PurgeResult;
import io.github.knockj.core.spi.RetentionKind;
import io.github.knockj.jdbc.internal.Schema.Cancellations;
import io.github.knockj.jdbc.internal.Schema.Events;
import io.github.knockj.jdbc.internal.Schema.Idempotency;
import io.github.knockj.jdbc.internal.Schema.Messages;
import io.github.knockj.jdbc.internal.Schema.RunLog;
import io.github.knockj.jdbc.internal.Schema.Runs;
import io.github.knockj.jdbc.internal.Schema.ThrottleHits;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Table;

/**
 * Deletes what has aged out: one bounded delete per kind a {@link PurgeRequest} names, each in its own
 * short transaction.
 */
public final class Housekeeping {
    private static final List<String> TERMINAL_RUNS = Arrays.stream(RunStatus.values()).filter(RunStatus::isTerminal).map(Enum::name).toList();
    private static final List<String> FINAL_MESSAGES = Arrays.stream(DeliveryStatus.values()).filter(DeliveryStatus::isFinal).map(Enum::name).toList();

    private final Tx tx;

    public Housekeeping(Tx tx) {
        this.tx = tx;
    }

    public PurgeResult purge(PurgeRequest request) {
        Map<RetentionKind, Integer> deleted = new EnumMap<>(RetentionKind.class);
        request.kinds().forEach((kind, bound) -> {
            int limit = bound.limit();
            long before = millis(bound.before());
            deleted.put(kind, limit == 0 ? 0 : tx.run("purge " + kind, ctx -> switch (kind) {
                case RUNS -> runs(ctx, before, limit);
                case MESSAGES -> messages(ctx, before, limit);
                case IDEMPOTENCY_RECORDS -> idempotency(ctx, before, limit);
                case CANCELLATIONS -> cancellations(ctx, before, limit);
                case THROTTLE_REFUSALS -> throttleRefusals(ctx, before, limit);
            }));
        });
        return new PurgeResult(deleted);
    }

    private static int runs(DSLContext ctx, long before, int limit) {
        return delete(ctx, Runs.T, Runs.ID, Runs.STATUS.in(TERMINAL_RUNS).and(Runs.UPDATED_AT.lt(before)), limit, RunLog.T, RunLog.RUN_ID);
    }

    private static int messages(DSLContext ctx, long before, int limit) {
        return delete(ctx, Messages.T, Messages.ID, Messages.STATUS.in(FINAL_MESSAGES).and(Messages.CREATED_AT.lt(before)), limit,
                Events.T, Events.MESSAGE_ID);
    }

    private static int idempotency(DSLContext ctx, long before, int limit) {
        return delete(ctx, Idempotency.T, Idempotency.KEY, Idempotency.EXPIRES_AT.lt(before), limit, null, null);
    }

    private static int cancellations(DSLContext ctx, long before, int limit) {
        return delete(ctx, Cancellations.T, Cancellations.SEQ, Cancellations.AT.lt(before), limit, null, null);
    }

    /** Deletes at most {@code limit} rows of {@code table} matching {@code old} (and their rows in {@code child}, if given). */
    private static <K> int delete(DSLContext ctx, Table<?> table, Field<K> id, Condition old, int limit, Table<?> child, Field<K> childId) {
        int deleted = 0;
        List<K> ids = ctx.select(id).from(table).where(old).limit(limit).fetch(id);
        for (List<K> chunk : Sql.chunks(ids, Sql.MAX_IN)) {
            if (child != null) ctx.deleteFrom(child).where(childId.in(chunk)).execute();
            deleted += ctx.deleteFrom(table).where(id.in(chunk)).execute();
        }
        return deleted;
    }

    /** Refusals only answer a run that asks again; admissions are dropped by the acquirers when their window has passed. */
    private static int throttleRefusals(DSLContext ctx, long before, int limit) {
        Map<String, List<String>> runsByKey = new LinkedHashMap<>();
        for (Record2<String, String> r : ctx.select(ThrottleHits.KEY, ThrottleHits.RUN_ID).from(ThrottleHits.T)
                .where(ThrottleHits.ADMITTED.isFalse().and(ThrottleHits.AT.lt(before))).limit(limit).fetch()) {
            runsByKey.computeIfAbsent(r.value1(), k -> new java.util.ArrayList<>()).add(r.value2());
        }
        int deleted = 0;
        for (Map.Entry<String, List<String>> e : runsByKey.entrySet()) {
            for (List<String> chunk : Sql.chunks(e.getValue(), Sql.MAX_IN)) {
                deleted += ctx.deleteFrom(ThrottleHits.T).where(ThrottleHits.KEY.eq(e.getKey())
                        .and(ThrottleHits.ADMITTED.isFalse()).and(ThrottleHits.RUN_ID.in(chunk))).execute();
            }
        }
        return deleted;
    }
}
