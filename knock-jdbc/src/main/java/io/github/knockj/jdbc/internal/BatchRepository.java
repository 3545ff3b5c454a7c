package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.instant;
import static io.github.knockj.jdbc.internal.Codec.millis;

import io.github.knockj.core.spi.BatchActivity;
import io.github.knockj.core.spi.BatchClose;
import io.github.knockj.core.spi.BatchJoin;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.StoreIds;
import io.github.knockj.jdbc.internal.Schema.Activities;
import io.github.knockj.jdbc.internal.Schema.Batches;
import io.github.knockj.jdbc.internal.Schema.Jobs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Batches and their activities. The database keeps at most one batch per key open: {@code open_key}
 * holds a digest of the key while the batch is open (NULL once closed) under a unique constraint,
 * so two processes opening the same key at once cannot both succeed; the loser retries and joins.
 * Joiners of an open batch take turns on its row lock. Activities stay in the database: counts,
 * actors and the first or last few are queried, never loaded whole. A batch's holder is not stored:
 * it is the run of its earliest activity ({@code seq} order), read through the
 * {@code (batch_id, seq)} index. Whether a join moves or closes a batch is
 * {@link BatchRequest#afterJoin}'s decision, taken under the batch's row lock.
 */
public final class BatchRepository {
    private static final List<Field<?>> BATCH_FIELDS = Sql.fields(Batches.ID, Batches.OPEN_KEY, Batches.CLOSE_AT, Batches.MAX_CLOSE_AT,
            Batches.FLUSH_JOB_ID);

    private static final List<Field<?>> NEW_BATCH_FIELDS = Sql.fields(Batches.ID, Batches.KEY, Batches.KEY_DIGEST, Batches.OPEN_KEY,
            Batches.CLOSE_AT, Batches.MAX_CLOSE_AT, Batches.FLUSH_JOB_ID, Batches.CREATED_AT);

    /** The activities table again, to compare an activity with the earlier ones of its batch. */
    private static final Table<Record> EARLIER = DSL.table(DSL.name("knock_batch_activities")).as("earlier");
    private static final Field<Long> EARLIER_SEQ = DSL.field(DSL.name("earlier", "seq"), SQLDataType.BIGINT);
    private static final Field<String> EARLIER_BATCH_ID = DSL.field(DSL.name("earlier", "batch_id"), SQLDataType.VARCHAR);
    private static final Field<String> HOLDS = DSL.field(DSL.name("holds"), SQLDataType.VARCHAR);

    /** The activity is its batch's earliest: its run holds the batch. */
    private static final Condition IS_HOLDER = DSL.notExists(DSL.selectOne().from(EARLIER)
            .where(EARLIER_BATCH_ID.eq(Activities.BATCH_ID).and(EARLIER_SEQ.lt(Activities.SEQ))));

    /** 'y' where the selected activity holds its batch, else null (a portable stand-in for a boolean column). */
    private static final Field<String> HOLDS_FIELD = DSL.when(IS_HOLDER, DSL.inline("y")).as("holds");
    private static final List<Field<?>> ACTIVITY_FIELDS = Sql.fields(Activities.BATCH_ID, Activities.RUN_ID, Activities.ACTOR_ID,
            Activities.DATA, Activities.JOINED_AT);

    private final Tx tx;

    public BatchRepository(Tx tx) {
        this.tx = tx;
    }

    public BatchJoin addToBatch(BatchRequest req) {
        return tx.run("addToBatch", ctx -> join(ctx, req, digest(req.key())));
    }

    /**
     * Adds every request in one transaction, taking the batches' locks in the order of their keys'
     * digests (so that two such transactions never wait for each other in a cycle); the requests of
     * one key keep their order.
     */
    public List<BatchJoin> addToBatches(List<BatchRequest> requests) {
        String[] digests = new String[requests.size()];
        Integer[] order = new Integer[requests.size()];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = digest(requests.get(i).key());
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> digests[i]));
        List<Integer> plain = new ArrayList<>(), other = new ArrayList<>();
        for (int i : order) (isPlain(requests.get(i)) ? plain : other).add(i);
        return tx.run("addToBatches", ctx -> {
            BatchJoin[] joins = new BatchJoin[digests.length];
            if (!plain.isEmpty()) joinPlain(ctx, requests, digests, plain, joins);
            for (int i : other) joins[i] = join(ctx, requests.get(i), digests[i]);
            return Arrays.asList(joins);
        });
    }

    /** A request that only adds to its batch: no leading item, and the join cannot move or close it. */
    private static boolean isPlain(BatchRequest req) {
        return !req.flushLeading() && !req.movesWindow();
    }

    /** An open batch as a set of plain requests joins it. */
    private static final class OpenBatch {
        final String id;
        final Instant closeAt;
        /** Whether it has an activity: its earliest one's run holds it. */
        boolean held;

        OpenBatch(String id, Instant closeAt, boolean held) {
            this.id = id;
            this.closeAt = closeAt;
            this.held = held;
        }
    }

    /**
     * Joins the plain requests {@code which} (in key order) with a few statements for all of them,
     * as {@link #join} would one by one: locks the open batches of their keys, finds the runs that
     * joined already (they get the same answer again), opens a batch with its flush job for each key
     * that has none and adds the other runs' activities, the first run of a batch without activities
     * holding it.
     */
    private static void joinPlain(DSLContext ctx, List<BatchRequest> requests, String[] digests, List<Integer> which, BatchJoin[] joins) {
        List<String> keys = new ArrayList<>(new TreeSet<>(which.stream().map(i -> digests[i]).toList()));
        Map<String, OpenBatch> open = new HashMap<>();
        for (List<String> part : Sql.chunks(keys, Sql.MAX_IN)) {
            for (Record r : ctx.select(BATCH_FIELDS).from(Batches.T).where(Batches.OPEN_KEY.in(part)).orderBy(Batches.OPEN_KEY).forUpdate().fetch()) {
                open.put(r.get(Batches.OPEN_KEY), new OpenBatch(r.get(Batches.ID), instant(r.get(Batches.CLOSE_AT)), false));
            }
        }
        if (!open.isEmpty()) {
            // holding the locks now: make sure no batch closed while we waited for it
            List<String> ids = open.values().stream().map(b -> b.id).toList();
            int stillOpen = ctx.selectCount().from(Batches.T).where(Batches.ID.in(ids).and(Batches.OPEN_KEY.isNotNull())).fetchOne(0, Integer.class);
            if (stillOpen < ids.size()) throw new Tx.Conflict((ids.size() - stillOpen) + " batches closed while joining them");
            // a batch with an activity is held (by its earliest one's run); an empty one goes to its first joiner
            java.util.Set<String> held = new java.util.HashSet<>(ctx.select(Batches.ID).from(Batches.T)
                    .where(Batches.ID.in(ids).and(DSL.exists(DSL.selectOne().from(Activities.T).where(Activities.BATCH_ID.eq(Batches.ID)))))
                    .fetch(Batches.ID));
            for (OpenBatch b : open.values()) b.held = held.contains(b.id);
        }
        Map<String, BatchJoin> answered = new HashMap<>();
        List<String> runIds = which.stream().map(i -> requests.get(i).activity().runId()).distinct().toList();
        for (List<String> part : Sql.chunks(runIds, Sql.MAX_IN)) {
            // in joining order, so that a run's latest batch of a key answers for it
            for (Record r : ctx.select(Activities.RUN_ID, Activities.BATCH_ID, HOLDS_FIELD, Batches.CLOSE_AT, Batches.KEY_DIGEST)
                    .from(Activities.T).join(Batches.T).on(Batches.ID.eq(Activities.BATCH_ID))
                    .where(Activities.RUN_ID.in(part)).orderBy(Activities.SEQ).fetch()) {
                String run = r.get(Activities.RUN_ID);
                answered.put(run + "\n" + r.get(Batches.KEY_DIGEST), new BatchJoin(r.get(Activities.BATCH_ID),
                        r.get(HOLDS) != null ? BatchJoin.Outcome.HOLDER : BatchJoin.Outcome.JOINED, instant(r.get(Batches.CLOSE_AT))));
            }
        }
        List<Object[]> newBatches = new ArrayList<>(), flushJobs = new ArrayList<>(), activities = new ArrayList<>();
        for (int i : which) {
            BatchRequest req = requests.get(i);
            String runId = req.activity().runId();
            BatchJoin before = answered.get(runId + "\n" + digests[i]);
            if (before != null) {
                joins[i] = before;
                continue;
            }
            OpenBatch b = open.get(digests[i]);
            if (b == null) {
                b = new OpenBatch(StoreIds.next(), req.closeAt(), false);
                open.put(digests[i], b);
                newBatches.add(new Object[] {b.id, req.key(), digests[i], digests[i], millis(b.closeAt), millis(req.maxCloseAt()),
                        req.flushJobId(), millis(req.now())});
                flushJobs.add(Mapping.row(Job.create(req.flushJobId(), JobKind.FLUSH_BATCH, b.id, req.flushJobPayload(), b.closeAt, req.now())));
            }
            BatchJoin.Outcome outcome = b.held ? BatchJoin.Outcome.JOINED : BatchJoin.Outcome.HOLDER;
            b.held = true;
            BatchActivity a = req.activity();
            activities.add(new Object[] {b.id, runId, a.actorId(), Codec.json(a.data()), millis(a.at())});
            joins[i] = new BatchJoin(b.id, outcome, b.closeAt);
            answered.put(runId + "\n" + digests[i], joins[i]);
        }
        if (!newBatches.isEmpty()) {
            Sql.insert(ctx, Batches.T, NEW_BATCH_FIELDS, newBatches);
            Sql.insert(ctx, Jobs.T, Mapping.JOB_FIELDS, flushJobs);
        }
        if (!activities.isEmpty()) Sql.insert(ctx, Activities.T, ACTIVITY_FIELDS, activities);
    }

    private static BatchJoin join(DSLContext ctx, BatchRequest req, String digest) {
        String runId = req.activity().runId();
        // only a step that sends its leading item at once made this run a batch's leading run
        if (req.flushLeading()) {
            Optional<? extends Record> leading = ctx.select(Batches.ID, Batches.CLOSE_AT).from(Batches.T)
                    .where(Batches.LEADING_RUN_ID.eq(runId).and(Batches.KEY_DIGEST.eq(digest))).fetchOptional();
            if (leading.isPresent()) {
                return new BatchJoin(leading.get().get(Batches.ID), BatchJoin.Outcome.LEADING, instant(leading.get().get(Batches.CLOSE_AT)));
            }
        }
        Record open = ctx.select(BATCH_FIELDS).from(Batches.T).where(Batches.OPEN_KEY.eq(digest)).forUpdate().fetchOne();
        if (open != null) {
            // holding the lock now: make sure the batch did not close while we waited for it
            String stillOpen = ctx.select(Batches.OPEN_KEY).from(Batches.T).where(Batches.ID.eq(open.get(Batches.ID))).fetchOne(Batches.OPEN_KEY);
            if (stillOpen == null) throw new Tx.Conflict("batch " + open.get(Batches.ID) + " closed while joining it");
        }
        Optional<? extends Record> joined = ctx.select(Activities.BATCH_ID, HOLDS_FIELD, Batches.CLOSE_AT)
                .from(Activities.T).join(Batches.T).on(Batches.ID.eq(Activities.BATCH_ID))
                .where(Activities.RUN_ID.eq(runId).and(Batches.KEY_DIGEST.eq(digest)))
                .orderBy(Activities.SEQ.desc()).limit(1).fetchOptional();
        if (joined.isPresent()) {
            Record j = joined.get();
            return new BatchJoin(j.get(Activities.BATCH_ID),
                    j.get(HOLDS) != null ? BatchJoin.Outcome.HOLDER : BatchJoin.Outcome.JOINED,
                    instant(j.get(Batches.CLOSE_AT)));
        }
        String batchId;
        boolean held;
        Instant closeAt;
        Instant maxCloseAt;
        String flushJobId;
        if (open == null) {
            batchId = StoreIds.next();
            held = false;
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
            // a batch that will be counted below needs no look of its own
            held = !req.movesWindow() && ctx.fetchExists(DSL.selectOne().from(Activities.T).where(Activities.BATCH_ID.eq(batchId)));
            closeAt = instant(open.get(Batches.CLOSE_AT));
            maxCloseAt = instant(open.get(Batches.MAX_CLOSE_AT));
            flushJobId = open.get(Batches.FLUSH_JOB_ID);
        }
        BatchActivity a = req.activity();
        ctx.insertInto(Activities.T, Activities.BATCH_ID, Activities.RUN_ID, Activities.ACTOR_ID, Activities.DATA, Activities.JOINED_AT)
                .values(batchId, runId, a.actorId(), Codec.json(a.data()), millis(a.at()))
                .execute();
        // counted only where it matters: a batch's count is a scan of its activities
        if (req.movesWindow()) {
            int count = ctx.selectCount().from(Activities.T).where(Activities.BATCH_ID.eq(batchId)).fetchOne(0, Integer.class);
            // under the batch's lock: an activity before this one holds the batch
            held = count > 1;
            BatchRequest.Window window = req.afterJoin(closeAt, maxCloseAt, count);
            if (window.close() || !window.closeAt().equals(closeAt)) {
                closeAt = window.closeAt();
                moveClose(ctx, batchId, flushJobId, closeAt, window.close());
            }
        }
        return new BatchJoin(batchId, held ? BatchJoin.Outcome.JOINED : BatchJoin.Outcome.HOLDER, closeAt);
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
            String holder = ctx.select(Activities.RUN_ID).from(Activities.T).where(Activities.BATCH_ID.eq(batchId))
                    .orderBy(Activities.SEQ).limit(1).fetchOptional(Activities.RUN_ID).orElse(null);
            return Optional.of(new BatchClose(true, closeAt, holder, total, actors, List.copyOf(shown),
                    List.copyOf(actorIds)));
        });
    }

    /**
     * Removes the given runs' activities from open batches. A batch held by one of them passes to its
     * next activity's run by itself: the holder is the run of the earliest remaining activity.
     */
    void removeActivities(DSLContext ctx, List<String> runIds) {
        TreeSet<String> batchIds = new TreeSet<>();
        for (List<String> chunk : Sql.chunks(runIds, Sql.MAX_IN)) {
            batchIds.addAll(ctx.select(Activities.BATCH_ID).from(Activities.T).join(Batches.T).on(Batches.ID.eq(Activities.BATCH_ID))
                    .where(Activities.RUN_ID.in(chunk).and(Batches.OPEN_KEY.isNotNull())).fetch(Activities.BATCH_ID));
        }
        if (batchIds.isEmpty()) return;
        for (String batchId : batchIds) {
            Record b = ctx.select(BATCH_FIELDS).from(Batches.T).where(Batches.ID.eq(batchId)).forUpdate().fetchOne();
            if (b == null || b.get(Batches.OPEN_KEY) == null) continue;
            for (List<String> chunk : Sql.chunks(runIds, Sql.MAX_IN)) {
                ctx.deleteFrom(Activities.T).where(Activities.BATCH_ID.eq(batchId).and(Activities.RUN_ID.in(chunk))).execute();
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

    /** Those of {@code runIds} holding (with its earliest activity) a closed batch whose flush job has not finished. */
    java.util.Set<String> holdersOfBatchesBeingFlushed(DSLContext ctx, List<String> runIds) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (List<String> chunk : Sql.chunks(runIds, Sql.MAX_IN)) {
            out.addAll(ctx.select(Activities.RUN_ID).from(Activities.T)
                    .join(Batches.T).on(Batches.ID.eq(Activities.BATCH_ID))
                    .join(Jobs.T).on(Jobs.ID.eq(Batches.FLUSH_JOB_ID))
                    .where(Activities.RUN_ID.in(chunk).and(Batches.OPEN_KEY.isNull()).and(IS_HOLDER)).fetch(Activities.RUN_ID));
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
