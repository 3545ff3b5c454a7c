package io.github.knockj.bench;

import io.github.knockj.core.Notifier;
import io.github.knockj.core.SendWindow;
import io.github.knockj.core.Steps;
import io.github.knockj.core.TestKit;
import io.github.knockj.core.Workflow;
import io.github.knockj.jdbc.JdbcStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 3, on PostgreSQL: N queued deliveries claimed and completed. Setup (untimed) fans a
 * push-only workflow out to N recipients with a send window that is closed, so every run stops
 * with its message QUEUED and a DELIVER job due when the window opens. The timed part starts a
 * Notifier whose clock is past the opening and ends when all N provider calls were made and it is
 * idle.
 *
 * <p>Baseline: the same job and message rows, copied into tables of the same definition, claimed
 * 100 at a time with {@code FOR UPDATE SKIP LOCKED} and completed 100 at a time (message status
 * updated, one event row each, job deleted), by {@value #LOOP_THREADS} threads.
 */
final class DeliveryPipeline implements Scenario {
    static final int LOOP_THREADS = 4;
    private static final int CLAIM = 100;
    /** 10 minutes, plus a second per 500 deliveries (set-up and delivery of 200,000 take minutes). */
    private static Duration timeout(int n) {
        return Duration.ofMinutes(10).plusSeconds(n / 500);
    }
    /** The send window opens at 10:00 UTC; setup runs at 09:00 on the same day, the delivery at 10:00:01. */
    static final Instant SETUP_AT = Instant.parse("2026-01-05T09:00:00Z");
    static final Instant DELIVER_AT = Instant.parse("2026-01-05T10:00:01Z");

    @Override
    public ScenarioResult run(Bench.Context ctx) throws Exception {
        int n = ctx.config.size("3", 10_000, 200);
        ScenarioResult r = new ScenarioResult("3", "delivery pipeline, PostgreSQL", String.format("%,d deliveries", n));
        r.measure("engine deliveries/s", "/s", true);
        r.measure("SKIP LOCKED loop deliveries/s", "/s", true);
        r.measure("db-scheduler deliveries/s", "/s", true);
        DbWork.declare(r, "delivery");
        r.ratio("engine deliveries/s", "SKIP LOCKED loop deliveries/s", 0.7);
        r.ratio("engine deliveries/s", "db-scheduler deliveries/s", 3.0);
        Postgres pg = ctx.postgres();

        ctx.log("warm-up");
        once(ctx, pg, Math.max(100, n / 10), null, 0);
        for (int rep = 1; rep <= ctx.config.reps(); rep++) once(ctx, pg, n, r, rep);
        r.note("scenario 3 db-scheduler 16.12.0: one-time tasks, lock-and-fetch polling, " + DbSchedulerBaseline.THREADS
                + " threads, each task marks its message delivered and adds an event in its own transaction; runs after the engine and the loop on the same schema");
        if (n < 200_000) r.note("scenario 3 ran " + String.format("%,d", n) + " deliveries, not 200,000, to keep the full run near 15 minutes (setup fan-out per repetition dominates)");
        return r;
    }

    /**
     * Setup: fans the push-only workflow out to {@code n} subscribers while its send window is
     * closed, so {@code n} DELIVER jobs wait in {@code store} for a Notifier whose clock is at
     * {@link #DELIVER_AT}.
     */
    static void queue(JdbcStore store, int n) {
        CountingProvider none = new CountingProvider();
        try (Notifier setup = Fixtures.channels(Notifier.builder(), none).store(store).clock(clockAt(SETUP_AT)).workflow(workflow()).build()) {
            Fixtures.subscribeAll(setup, n);
            setup.trigger(Fixtures.PUSH_ONLY).recipient(Fixtures.EVERYONE).data(Fixtures.DATA).send();
            TestKit.awaitIdle(setup, timeout(n));
        }
        long queued = store.countJobs();
        if (queued != n || none.calls() != 0) throw new IllegalStateException("setup queued " + queued + " jobs of " + n + ", made " + none.calls() + " calls");
    }

    static Workflow workflow() {
        return Workflow.builder(Fixtures.PUSH_ONLY)
                .step(Steps.channel("push", "push").title("{{ data.title }}").body("{{ data.url }}")
                        .sendWindow(SendWindow.daily(LocalTime.of(10, 0), LocalTime.of(11, 0))))
                .build();
    }

    private static Clock clockAt(Instant at) {
        return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), at));
    }

    private static void once(Bench.Context ctx, Postgres pg, int n, ScenarioResult r, int rep) throws Exception {
        String schema = pg.newSchema();
        try (JdbcStore store = JdbcStore.builder().url(pg.url(schema)).maximumPoolSize(10).build()) {
            long s0 = System.nanoTime();
            queue(store, n);
            try (Connection c = pg.connect(schema); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE raw_jobs (LIKE knock_jobs INCLUDING ALL)");
                s.execute("CREATE TABLE raw_messages (LIKE knock_messages INCLUDING ALL)");
                s.execute("CREATE TABLE raw_events (LIKE knock_message_events INCLUDING ALL)");
                s.execute("INSERT INTO raw_jobs SELECT * FROM knock_jobs");
                s.execute("INSERT INTO raw_messages SELECT * FROM knock_messages");
                s.execute("VACUUM ANALYZE");
                s.execute("CHECKPOINT");
            }
            double setupSecs = Bench.secondsSince(s0);

            // alternate which goes first, so neither always meets the cleaner database
            double loop = rep % 2 == 1 ? loop(pg, schema, n) : 0;
            AtomicLong firstCall = new AtomicLong();
            CountingProvider push = new CountingProvider(m -> firstCall.compareAndSet(0, System.nanoTime()));
            DbWork.reset(pg);
            long t0 = System.nanoTime();
            try (Notifier notifier = Fixtures.channels(Notifier.builder(), push).store(store).clock(clockAt(DELIVER_AT)).workflow(workflow()).build()) {
                push.await(n, timeout(n));
                TestKit.awaitIdle(notifier, timeout(n));
            }
            double secs = Bench.secondsSince(t0);
            DbWork work = DbWork.read(pg);
            if (push.calls() != n || store.countJobs() != 0) throw new IllegalStateException("engine made " + push.calls() + " calls of " + n + ", left " + store.countJobs() + " jobs");
            double engine = n / secs;
            if (rep % 2 == 0) loop = loop(pg, schema, n);
            double dbScheduler = DbSchedulerBaseline.run(pg, schema, n);
            ctx.log("%s: setup %.1f s; engine %.2f s (%.0f deliveries/s, first call after %d ms); SKIP LOCKED loop %.0f deliveries/s; db-scheduler %.0f deliveries/s",
                    r == null ? "warm-up" : "rep " + rep, setupSecs, secs, engine, (firstCall.get() - t0) / 1_000_000, loop, dbScheduler);
            ctx.log("%s database work %s", r == null ? "warm-up" : "rep " + rep, work.describe("delivery", n));
            if (r != null) {
                work.addTo(r, "delivery", n);
                if (rep == 1) r.note("scenario 3 database work (rep 1, pg_stat_statements, timed part only) " + work.describe("delivery", n));
                r.add("engine deliveries/s", engine);
                r.add("SKIP LOCKED loop deliveries/s", loop);
                r.add("db-scheduler deliveries/s", dbScheduler);
            }
        } finally {
            pg.dropSchema(schema);
        }
    }

    /** The hand-written loop: deliveries per second until no job is left. */
    static double loop(Postgres pg, String schema, int n) throws Exception {
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(LOOP_THREADS);
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < LOOP_THREADS; i++) {
            Connection c = pg.connect(schema);
            c.setAutoCommit(false);
            conns.add(c);
        }
        try {
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < LOOP_THREADS; i++) {
                Connection c = conns.get(i);
                String owner = "loop-" + i;
                fs.add(pool.submit(() -> {
                    worker(c, owner, done);
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
            double secs = Bench.secondsSince(t0);
            if (done.get() != n) throw new IllegalStateException("loop completed " + done.get() + " of " + n);
            return n / secs;
        } finally {
            pool.shutdown();
            for (Connection c : conns) c.close();
        }
    }

    private static void worker(Connection c, String owner, AtomicLong done) throws SQLException {
        try (PreparedStatement claim = c.prepareStatement(
                "UPDATE raw_jobs SET owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id IN ("
                        + "SELECT id FROM raw_jobs WHERE due_at <= ? AND (lease_until IS NULL OR lease_until < ?) "
                        + "ORDER BY due_at, id LIMIT " + CLAIM + " FOR UPDATE SKIP LOCKED) RETURNING id, target");
             PreparedStatement status = c.prepareStatement(
                     "UPDATE raw_messages SET status = 'DELIVERED', attempts = attempts + 1, updated_at = ? WHERE id = ANY (?)");
             PreparedStatement event = c.prepareStatement(
                     "INSERT INTO raw_events (message_id, occurred_at, event_type, detail) VALUES (?, ?, 'DELIVERED', 'via bench-noop')");
             PreparedStatement delete = c.prepareStatement("DELETE FROM raw_jobs WHERE id = ANY (?)")) {
            while (true) {
                long now = System.currentTimeMillis() + Duration.between(Instant.now(), DELIVER_AT).toMillis();
                claim.setString(1, owner);
                claim.setLong(2, now + 300_000);
                claim.setLong(3, now);
                claim.setLong(4, now);
                List<String> jobIds = new ArrayList<>();
                List<String> messageIds = new ArrayList<>();
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        jobIds.add(rs.getString(1));
                        messageIds.add(rs.getString(2));
                    }
                }
                c.commit();
                if (jobIds.isEmpty()) return;
                // the "provider call" is a no-op, as in the engine's measurement
                Array msgs = c.createArrayOf("varchar", messageIds.toArray());
                status.setLong(1, now);
                status.setArray(2, msgs);
                status.executeUpdate();
                for (String m : messageIds) {
                    event.setString(1, m);
                    event.setLong(2, now);
                    event.addBatch();
                }
                event.executeBatch();
                delete.setArray(1, c.createArrayOf("varchar", jobIds.toArray()));
                delete.executeUpdate();
                c.commit();
                done.addAndGet(jobIds.size());
            }
        }
    }
}
