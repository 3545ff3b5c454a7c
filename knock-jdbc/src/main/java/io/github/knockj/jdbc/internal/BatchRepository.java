package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.instant;
import static io.github.knockj.jdbc.internal.Codec.millis;

import io.github.knockj.core.internal.Ids;
import io.github.knockj.core.spi.BatchActivity;
import io.github.knockj.core.spi.BatchClose;
import io.github.knockj.core.spi.BatchJoin;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.jdbc.internal.Schema.Activities;
import io.github.knockj.jdbc.internal.Schema.Batches;
import io.github.knockj.jdbc.internal.Schema.Jobs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Batches and their activities. The database keeps at most one batch per key open: {@code open_key}
 * holds a digest of the key while the batch is open (NULL once closed) under a unique constraint,
 * so two processes opening the same key at once cannot both succeed; the loser retries and joins.
 * Joiners of an open batch take turns on its row lock. Activities stay in the database: counts,
 * actors and the first or last few are queried, never loaded whole.
 */
public final class BatchRepository {
    private static final List<Field<?>> BATCH_FIELDS = Sql.fields(Batches.ID, Batches.OPEN_KEY, Batches.CLOSE_AT, Batches.MAX_CLOSE_AT,
            Batches.HOLDER_RUN_ID, Batches.FLUSH_JOB_ID);

    private final Tx tx;

    public BatchRepository(Tx tx) {
        this.tx = tx;
    }

    public BatchJoin addToBatch(BatchRequest req) {
        String digest = digest(req.key());
        String runId = req.activity().runId();
        return tx.run("addToBatch", ctx -> {
            Optional<? extends Record> leading = ctx.select(Batches.ID, Batches.CLOSE_AT).from(Batches.T)
                    .where(Batches.LEADING_RUN_ID.eq(runId).and(Batches.KEY_DIGEST.eq(digest))).fetchOptional();
            if (leading.isPresent()) {
                return new BatchJoin(leading.get().get(Batches.ID), BatchJoin.Outcome.LEADING, instant(leading.get().get(Batches.CLOSE_AT)));
            }
            Record open = ctx.select(BATCH_FIELDS).from(Batches.T).where(Batches.OPEN_KEY.eq(digest)).forUpdate().fetchOne();
            if (open != null) {
                // holding the lock now: make sure the batch did not close while we waited for it
                String stillOpen = ctx.select(Batches.OPEN_KEY).from(Batches.T).where(Batches.ID.eq(open.get(Batches.ID))).fetchOne(Batches.OPEN_KEY);
                if (stillOpen == null) throw new Tx.Conflict("batch " + open.get(Batches.ID) + " closed while joining it");
            }
            Optional<? extends Record> joined = ctx.select(Activities.BATCH_ID, Batches.HOLDER_RUN_ID, Batches.CLOSE_AT)
                    .from(Activities.T).join(Batches.T).on(Batches.ID.eq(Activities.BATCH_ID))
                    .where(Activities.RUN_ID.eq(runId).and(Batches.KEY_DIGEST.eq(digest)))
                    .orderBy(Activities.SEQ.desc()).limit(1).fetchOptional();
            if (joined.isPresent()) {
                Record j = joined.get();
                return new BatchJoin(j.get(Activities.BATCH_ID),
                        runId.equals(j.get(Batches.HOLDER_RUN_ID)) ? BatchJoin.Outcome.HOLDER : BatchJoin.Outcome.JOINED,
                        instant(j.get(Batches.CLOSE_AT)));
            }
            String batchId;
            String holder;
            Instant closeAt;
            Instant maxCloseAt;
            String flushJobId;
            if (open == null) {
                batchId = Ids.next();
                holder = null;
                closeAt = req.closeAt();
                maxCloseAt = req.maxCloseAt();
                flushJobId = req.flushJobId();
                ctx.insertInto(Batches.T, Batches.ID, Batches.KEY, Batches.KEY_DIGEST, Batches.OPEN_KEY, Batches.CLOSE_AT,
                                Batches.MAX_CLOSE_AT, Batches.LEADING_RUN_ID, Batches.FLUSH_JOB_ID, Batches.CREATED_AT)
                        .values(batchId, req.key(), digest, digest, millis(closeAt), millis(maxCloseAt),
                                req.flushLeading() ? runId : null, flushJobId, millis(req.now()))
                        .execute();
                Sql.insert(ctx, Jobs.T, Mapping.JOB_FIELDS, List.<Object[]>of(Mapping.row(
                        Job.create(flushJobId, JobKind.FLUSH_BATCH, batchId, req.flushJobPayload(), closeAt, req.now()))));
                if (req.flushLeading()) return new BatchJoin(batchId, BatchJoin.Outcome.LEADING, closeAt);
            } else {
                batchId = open.get(Batches.ID);
                holder = open.get(Batches.HOLDER_RUN_ID);
                closeAt = instant(open.get(Batches.CLOSE_AT));
                maxCloseAt = instant(open.get(Batches.MAX_CLOSE_AT));
                flushJobId = open.get(Batches.FLUSH_JOB_ID);
            }
            BatchActivity a = req.activity();
            ctx.insertInto(Activities.T, Activities.BATCH_ID, Activities.RUN_ID, Activities.ACTOR_ID, Activities.DATA, Activities.JOINED_AT)
                    .values(batchId, runId, a.actorId(), Codec.json(a.data()), millis(a.at()))
                    .execute();
            int count = ctx.selectCount().from(Activities.T).where(Activities.BATCH_ID.eq(batchId)).fetchOne(0, Integer.class);
            BatchJoin.Outcome outcome = BatchJoin.Outcome.JOINED;
            if (holder == null) {
                ctx.update(Batches.T).set(Batches.HOLDER_RUN_ID, runId).where(Batches.ID.eq(batchId)).execute();
                outcome = BatchJoin.Outcome.HOLDER;
            }
            if (req.slidingWindow() != null && count > 1) {
                Instant slid = req.now().plus(req.slidingWindow());
                if (maxCloseAt != null && slid.isAfter(maxCloseAt)) slid = maxCloseAt;
                if (slid.isAfter(closeAt)) {
                    closeAt = slid;
                    moveClose(ctx, batchId, flushJobId, closeAt, false);
                }
            }
            if (req.maxActivities() > 0 && count >= req.maxActivities()) {
                closeAt = req.now();
                moveClose(ctx, batchId, flushJobId, closeAt, true);
            }
            return new BatchJoin(batchId, outcome, closeAt);
        });
    }

    private static void moveClose(DSLContext ctx, String batchId, String flushJobId, Instant closeAt, boolean close) {
        var update = ctx.update(Batches.T).set(Batches.CLOSE_AT, millis(closeAt));
        if (close) update = update.setNull(Batches.OPEN_KEY);
        update.where(Batches.ID.eq(batchId)).execute();
        ctx.update(Jobs.T).set(Jobs.DUE_AT, millis(closeAt)).where(Jobs.ID.eq(flushJobId).and(Jobs.OWNER.isNull())).execute();
    }

    public Optional<BatchClose> closeBatch(String batchId, Instant now, int activityLimit, boolean lastActivities, int actorLimit) {
        return tx.run("closeBatch", ctx -> {
            Record b = ctx.select(BATCH_FIELDS).from(Batches.T).where(Batches.ID.eq(batchId)).forUpdate().fetchOne();
            if (b == null) return Optional.empty();
            Instant closeAt = instant(b.get(Batches.CLOSE_AT));
            boolean open = b.get(Batches.OPEN_KEY) != null;
            if (open && closeAt.isAfter(now)) return Optional.of(BatchClose.notDue(closeAt));
            if (open) ctx.update(Batches.T).setNull(Batches.OPEN_KEY).where(Batches.ID.eq(batchId)).execute();

            int total = ctx.selectCount().from(Activities.T).where(Activities.BATCH_ID.eq(batchId)).fetchOne(0, Integer.class);
            int actors = ctx.select(DSL.countDistinct(Activities.ACTOR_ID)).from(Activities.T)
                    .where(Activities.BATCH_ID.eq(batchId)).fetchOne(0, Integer.class);
            List<BatchActivity> shown = new ArrayList<>(ctx.select(Activities.RUN_ID, Activities.ACTOR_ID, Activities.DATA, Activities.JOINED_AT)
                    .from(Activities.T).where(Activities.BATCH_ID.eq(batchId))
                    .orderBy(lastActivities ? Activities.SEQ.desc() : Activities.SEQ.asc())
                    .limit(Math.max(0, activityLimit))
                    .fetch(r -> new BatchActivity(r.get(Activities.RUN_ID), r.get(Activities.ACTOR_ID), Codec.map(r.get(Activities.DATA)),
                            instant(r.get(Activities.JOINED_AT)))));
            if (lastActivities) Collections.reverse(shown);
            Field<Long> firstSeen = DSL.min(Activities.SEQ).as("first_seen");
            List<String> actorIds = ctx.select(Activities.ACTOR_ID, firstSeen).from(Activities.T)
                    .where(Activities.BATCH_ID.eq(batchId).and(Activities.ACTOR_ID.isNotNull()))
                    .groupBy(Activities.ACTOR_ID)
                    .orderBy(DSL.field(DSL.name("first_seen")))
                    .limit(Math.max(0, actorLimit))
                    .fetch(Activities.ACTOR_ID);
            return Optional.of(new BatchClose(true, closeAt, b.get(Batches.HOLDER_RUN_ID), total, actors, List.copyOf(shown),
                    List.copyOf(actorIds)));
        });
    }

    /** Removes the given runs' activities from open batches, handing a batch held by one of them to the next activity's run. */
    void removeActivities(DSLContext ctx, List<String> runIds) {
        TreeSet<String> batchIds = new TreeSet<>();
        for (List<String> chunk : Sql.chunks(runIds, Sql.MAX_IN)) {
            batchIds.addAll(ctx.select(Activities.BATCH_ID).from(Activities.T).join(Batches.T).on(Batches.ID.eq(Activities.BATCH_ID))
                    .where(Activities.RUN_ID.in(chunk).and(Batches.OPEN_KEY.isNotNull())).fetch(Activities.BATCH_ID));
        }
        if (batchIds.isEmpty()) return;
        java.util.Set<String> removed = new java.util.HashSet<>(runIds);
        for (String batchId : batchIds) {
            Record b = ctx.select(BATCH_FIELDS).from(Batches.T).where(Batches.ID.eq(batchId)).forUpdate().fetchOne();
            if (b == null || b.get(Batches.OPEN_KEY) == null) continue;
            for (List<String> chunk : Sql.chunks(runIds, Sql.MAX_IN)) {
                ctx.deleteFrom(Activities.T).where(Activities.BATCH_ID.eq(batchId).and(Activities.RUN_ID.in(chunk))).execute();
            }
            if (removed.contains(b.get(Batches.HOLDER_RUN_ID))) {
                String next = ctx.select(Activities.RUN_ID).from(Activities.T).where(Activities.BATCH_ID.eq(batchId))
                        .orderBy(Activities.SEQ).limit(1).fetchOptional(Activities.RUN_ID).orElse(null);
                ctx.update(Batches.T).set(Batches.HOLDER_RUN_ID, next).where(Batches.ID.eq(batchId)).execute();
            }
        }
    }

    /** Locks (in id order) the open batches holding activities of {@code runIds}. */
    void lockOpenBatchesOf(DSLContext ctx, List<String> runIds) {
        TreeSet<String> batchIds = new TreeSet<>();
        for (List<String> chunk : Sql.chunks(runIds, Sql.MAX_IN)) {
            batchIds.addAll(ctx.select(Activities.BATCH_ID).from(Activities.T).join(Batches.T).on(Batches.ID.eq(Activities.BATCH_ID))
                    .where(Activities.RUN_ID.in(chunk).and(Batches.OPEN_KEY.isNotNull())).fetch(Activities.BATCH_ID));
        }
        for (List<String> chunk : Sql.chunks(List.copyOf(batchIds), Sql.MAX_IN)) {
            ctx.select(Batches.ID).from(Batches.T).where(Batches.ID.in(chunk)).orderBy(Batches.ID).forUpdate().fetch();
        }
    }

    /** Those of {@code runIds} with an activity in an open batch. */
    java.util.Set<String> inOpenBatches(DSLContext ctx, List<String> runIds) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (List<String> chunk : Sql.chunks(runIds, Sql.MAX_IN)) {
            out.addAll(ctx.select(Activities.RUN_ID).from(Activities.T).join(Batches.T).on(Batches.ID.eq(Activities.BATCH_ID))
                    .where(Activities.RUN_ID.in(chunk).and(Batches.OPEN_KEY.isNotNull())).fetch(Activities.RUN_ID));
        }
        return out;
    }

    /** Those of {@code runIds} holding a closed batch whose flush job has not finished. */
    java.util.Set<String> holdersOfBatchesBeingFlushed(DSLContext ctx, List<String> runIds) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (List<String> chunk : Sql.chunks(runIds, Sql.MAX_IN)) {
            out.addAll(ctx.select(Batches.HOLDER_RUN_ID).from(Batches.T).join(Jobs.T).on(Jobs.ID.eq(Batches.FLUSH_JOB_ID))
                    .where(Batches.HOLDER_RUN_ID.in(chunk).and(Batches.OPEN_KEY.isNull())).fetch(Batches.HOLDER_RUN_ID));
        }
        return out;
    }

    private static String digest(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
