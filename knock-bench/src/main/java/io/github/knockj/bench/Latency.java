package io.github.knockj.bench;

import io.github.knockj.core.Notifier;
import io.github.knockj.core.TestKit;
import io.github.knockj.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 5: open-loop triggers at a fixed rate, each to its own recipient on a push-only
 * workflow; latency from the trigger's <em>intended</em> send time (so a driver that falls behind
 * does not hide queueing) to the provider call. On the in-memory store and on PostgreSQL.
 *
 * <p>Baselines, driven the same way: in memory, a hand-off to another thread through an executor;
 * on PostgreSQL, a minimal durable queue (insert and commit on the sending thread, wake a consumer
 * that deletes up to 100 rows with SKIP LOCKED and commits, then "calls the provider").
 */
final class Latency implements Scenario {
    /**
     * Sender threads of the open-loop driver: enough that a sender is free at each intended send time
     * while earlier triggers are still being committed (as an application's request threads would be);
     * with too few, a slow trigger delays the next ones and the loop is no longer open.
     */
    private static final int DEFAULT_SENDERS = 32;

    /** What the driver calls at each intended send time. */
    interface Sink {
        void send(int i) throws Exception;
    }

    /** The latencies of one open-loop run: intended send time to arrival, per item. */
    static final class Recorder {
        final long start;
        final long periodNanos;
        final long[] latency;
        final AtomicLong arrived = new AtomicLong();

        Recorder(int total, int rate) {
            this.latency = new long[total];
            this.periodNanos = 1_000_000_000L / rate;
            this.start = System.nanoTime() + 20_000_000L;
        }

        long intended(int i) {
            return start + i * periodNanos;
        }

        void arrived(int i) {
            latency[i] = System.nanoTime() - intended(i);
            arrived.incrementAndGet();
        }

        void await(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (arrived.get() < latency.length) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("only " + arrived.get() + " of " + latency.length + " arrived");
                Thread.sleep(1);
            }
        }

        /** p50 and p99 in milliseconds. */
        double[] percentiles() {
            long[] sorted = latency.clone();
            Arrays.sort(sorted);
            return new double[] {Stats.quantile(sorted, 0.50) / 1e6, Stats.quantile(sorted, 0.99) / 1e6};
        }
    }

    @Override
    public ScenarioResult run(Bench.Context ctx) throws Exception {
        int rate = ctx.config.size("5", 1_000, 100);
        int seconds = Integer.parseInt(ctx.config.overrides().getOrDefault("duration.5", ctx.config.smoke() ? "1" : "10"));
        ScenarioResult r = new ScenarioResult("5", "latency, open loop", String.format("%,d triggers/s for %d s", rate, seconds));
        String[] stores = {"in-memory", "PostgreSQL"};
        for (String s : stores) {
            r.measure(s + " engine p50", "ms", false);
            r.measure(s + " engine p99", "ms", false);
            r.measure(s + " baseline p50", "ms", false);
            r.measure(s + " baseline p99", "ms", false);
        }
        for (String s : stores) r.ratio(s + " engine p99", s + " baseline p99", null);
        Postgres pg = ctx.postgres();
        int total = rate * seconds;
        int senders = Integer.parseInt(ctx.config.overrides().getOrDefault("senders.5", String.valueOf(DEFAULT_SENDERS)));

        ctx.log("warm-up");
        engine(pg, false, Math.max(1, total / 5), rate, senders);
        engine(pg, true, Math.max(1, total / 5), rate, senders);
        for (int rep = 1; rep <= ctx.config.reps(); rep++) {
            for (boolean durable : new boolean[] {false, true}) {
                String s = durable ? "PostgreSQL" : "in-memory";
                double[] b = durable ? durableQueue(pg, total, rate, senders) : handOff(total, rate, senders);
                double[] e = engine(pg, durable, total, rate, senders);
                r.add(s + " engine p50", e[0]);
                r.add(s + " engine p99", e[1]);
                r.add(s + " baseline p50", b[0]);
                r.add(s + " baseline p99", b[1]);
                ctx.log("rep %d %s: engine p50 %.1f ms p99 %.1f ms; baseline p50 %.2f ms p99 %.2f ms", rep, s, e[0], e[1], b[0], b[1]);
            }
        }
        if (seconds < 30) r.note("scenario 5 ran " + seconds + " s per measurement, not 30 s, to keep the full run near 15 minutes");
        r.note("scenario 5 latency is from each trigger's intended send time (open loop, " + senders + " sender threads) to the provider call; Notifier defaults otherwise");
        return r;
    }

    /** Calls {@code sink.send(i)} for i in 0..total-1 at {@code rate} per second, from several threads. */
    static void drive(Recorder rec, int total, int threads, Sink sink) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(senders.submit(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long wait = rec.intended(i) - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                    sink.send(i);
                }
                return null;
            }));
        }
        try {
            for (java.util.concurrent.Future<?> f : fs) f.get();
        } finally {
            senders.shutdown();
        }
    }

    private static double[] engine(Postgres pg, boolean durable, int total, int rate, int senders) throws Exception {
        String schema = durable ? pg.newSchema() : null;
        JdbcStore store = durable ? JdbcStore.builder().url(pg.url(schema)).maximumPoolSize(10).build() : null;
        try {
            Recorder rec = new Recorder(total, rate);
            CountingProvider push = new CountingProvider(m -> rec.arrived(Integer.parseInt(m.recipient().id().substring(1))));
            Notifier.Builder b = Fixtures.channels(Notifier.builder(), push).workflow(Fixtures.pushOnly());
            if (store != null) b.store(store);
            try (Notifier notifier = b.build()) {
                drive(rec, total, senders, i -> notifier.trigger(Fixtures.PUSH_ONLY).recipients(Fixtures.user(i)).data(Fixtures.DATA).send());
                rec.await(Duration.ofMinutes(5));
                TestKit.awaitIdle(notifier, Duration.ofMinutes(1));
            }
            if (push.calls() != total) throw new IllegalStateException("expected " + total + " provider calls, got " + push.calls());
            return rec.percentiles();
        } finally {
            if (store != null) {
                store.close();
                pg.dropSchema(schema);
            }
        }
    }

    /** Baseline in memory: each item handed to one consumer thread through an executor. */
    static double[] handOff(int total, int rate, int senders) throws Exception {
        ExecutorService consumer = Executors.newSingleThreadExecutor();
        try {
            Recorder rec = new Recorder(total, rate);
            drive(rec, total, senders, i -> consumer.execute(() -> rec.arrived(i)));
            rec.await(Duration.ofMinutes(1));
            return rec.percentiles();
        } finally {
            consumer.shutdown();
            consumer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Baseline on PostgreSQL: a minimal durable queue with an in-process wake-up. */
    private static double[] durableQueue(Postgres pg, int total, int rate, int senders) throws Exception {
        String schema = pg.newSchema();
        try {
            try (Connection c = pg.connect(schema); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE raw_q (i INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
            }
            Recorder rec = new Recorder(total, rate);
            Semaphore wake = new Semaphore(0);
            Thread consumer = new Thread(() -> consume(pg, schema, rec, wake), "bench-durable-consumer");
            consumer.start();
            List<Connection> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
            ThreadLocal<PreparedStatement> insert = ThreadLocal.withInitial(() -> {
                try {
                    Connection c = pg.connect(schema);
                    opened.add(c);
                    return c.prepareStatement("INSERT INTO raw_q (i, payload) VALUES (?, ?)");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            String payload = Fixtures.DATA.toString();
            try {
                drive(rec, total, senders, i -> {
                    PreparedStatement ins = insert.get();
                    ins.setInt(1, i);
                    ins.setString(2, payload);
                    ins.executeUpdate();
                    wake.release();
                });
                rec.await(Duration.ofMinutes(5));
            } finally {
                consumer.interrupt();
                consumer.join();
                for (Connection c : opened) c.close();
            }
            return rec.percentiles();
        } finally {
            pg.dropSchema(schema);
        }
    }

    private static void consume(Postgres pg, String schema, Recorder rec, Semaphore wake) {
        try (Connection c = pg.connect(schema);
             PreparedStatement take = c.prepareStatement(
                     "DELETE FROM raw_q WHERE i IN (SELECT i FROM raw_q ORDER BY i LIMIT 100 FOR UPDATE SKIP LOCKED) RETURNING i")) {
            while (rec.arrived.get() < rec.latency.length) {
                wake.tryAcquire(50, TimeUnit.MILLISECONDS);
                wake.drainPermits();
                boolean more = true;
                while (more) {
                    int got = 0;
                    try (ResultSet rs = take.executeQuery()) {
                        while (rs.next()) {
                            rec.arrived(rs.getInt(1));
                            got++;
                        }
                    }
                    more = got == 100;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
