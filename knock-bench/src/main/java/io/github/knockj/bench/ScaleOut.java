package io.github.knockj.bench;

import io.github.knockj.jdbc.JdbcStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 6, on PostgreSQL: scale-out. Setup (untimed, once) queues N deliveries as scenario 3
 * does, in a template database; every measurement runs on a fresh copy of it. Then 1, 2 or 4
 * Notifiers, each in its own JVM ({@link ScaleOutChild}, same classpath, {@value #CHILD_HEAP} heap,
 * Notifier and pool defaults as in scenario 3), start with the send window still closed; once all
 * are ready the window opens for all of them at once ("go"), and the time runs until N distinct
 * messages reached the providers. Every provider call is reported back on the child's stdout, so
 * duplicates (a message id called twice, on any node) and losses (ids never called) are counted
 * after the children exited; the database must have no job left and N DELIVERED messages.
 *
 * <p>Baseline: the same N deliveries by one JVM in the same repetition. The order of 1, 2 and 4
 * rotates per repetition.
 */
final class ScaleOut implements Scenario {
    static final String CHILD_HEAP = "512m";
    private static final int[] INSTANCES = {1, 2, 4};
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** Deliveries each child makes on its own copy of the database before the measurement, at most. */
    static final int WARM_UP_CALLS = 5_000;

    /** One measurement: deliveries/s from "go" to the last delivery, and what went wrong. */
    private record Run(double perSec, double firstMs, long duplicates, long losses, String problems) {}

    private static String measure(int k) {
        return k + (k == 1 ? " JVM" : " JVMs") + " deliveries/s";
    }

    @Override
    public ScenarioResult run(Bench.Context ctx) throws Exception {
        int n = ctx.config.size("6", 20_000, 200);
        ScenarioResult r = new ScenarioResult("6", "scale-out, PostgreSQL", String.format("%,d deliveries; 1, 2, 4 Notifier JVMs", n));
        for (int k : INSTANCES) r.measure(measure(k), "/s", true);
        r.ratio(measure(4), measure(1), 0.9);
        r.ratio(measure(2), measure(1), null);
        Postgres pg = ctx.postgres();

        long s0 = System.nanoTime();
        String template = pg.newDatabase(null);
        try {
            try (JdbcStore store = JdbcStore.builder().url(pg.databaseUrl(template)).maximumPoolSize(10).build()) {
                DeliveryPipeline.queue(store, n);
            }
            ctx.log("setup: %,d deliveries queued in %.1f s", n, Bench.secondsSince(s0));
            long duplicates = 0;
            long losses = 0;
            List<String> problems = new ArrayList<>();
            if (!ctx.config.smoke()) { // child JVMs start cold anyway; the warm-up warms PostgreSQL and the page cache
                ctx.log("warm-up (2 JVMs)");
                once(ctx, pg, template, n, 2, "warm-up");
            }
            for (int rep = 1; rep <= ctx.config.reps(); rep++) {
                for (int j = 0; j < INSTANCES.length; j++) {
                    int k = INSTANCES[(j + rep - 1) % INSTANCES.length];
                    Run run = once(ctx, pg, template, n, k, "rep " + rep);
                    r.add(measure(k), run.perSec());
                    duplicates += run.duplicates();
                    losses += run.losses();
                    if (!run.problems().isEmpty()) problems.add("rep " + rep + ", " + k + " JVMs: " + run.problems());
                }
            }
            int runs = ctx.config.reps() * INSTANCES.length;
            r.target("zero duplicates", String.format("%,d repeated provider calls over %d measured runs of %,d deliveries", duplicates, runs, n), duplicates == 0);
            r.target("zero losses", String.format("%,d messages never delivered over %d measured runs", losses, runs), losses == 0);
            for (String p : problems) r.note("scenario 6 PROBLEM: " + p);
        } finally {
            pg.dropDatabase(template);
        }
        if (n < 200_000) r.note(String.format("scenario 6 ran %,d deliveries, not 200,000, to keep the full run near 15-20 minutes (size.6=200000 for the issue's)", n));
        r.note("scenario 6 time runs from opening the send window on all ready child JVMs to the N-th distinct provider call; it includes"
                + " each child's wait for its next poll (up to the 500 ms poll interval) and not JVM start-up or the warm-up (each child first"
                + " delivers min(" + WARM_UP_CALLS + ", N/2) messages of its own copy of the queue); child JVMs -Xmx" + CHILD_HEAP
                + ", JdbcStore pool 10 each, Notifier defaults; app JVMs and PostgreSQL share the 2 cores");
        return r;
    }

    private static Run once(Bench.Context ctx, Postgres pg, String template, int n, int k, String label) throws Exception {
        String db = pg.newDatabase(template);
        List<String> warmUpDbs = new ArrayList<>();
        List<Process> children = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        AtomicInteger distinct = new AtomicInteger();
        AtomicLong firstAt = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(k);
        long started = System.nanoTime();
        try {
            String url = pg.databaseUrl(db);
            int warmUpCalls = Math.min(WARM_UP_CALLS, n / 2);
            for (int i = 0; i < k; i++) warmUpDbs.add(pg.newDatabase(template));
            for (int i = 0; i < k; i++) {
                Path log = Files.createTempFile("knock-bench-6-", ".log");
                logs.add(log);
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xms" + CHILD_HEAP, "-Xmx" + CHILD_HEAP, "-XX:+UseG1GC", "-cp", Fork.classpath(),
                        ScaleOutChild.class.getName(), url, "node-" + k + "-" + i, pg.databaseUrl(warmUpDbs.get(i)), String.valueOf(warmUpCalls))
                        .redirectError(log.toFile()).start();
                children.add(p);
                Thread t = new Thread(() -> read(p, ready, calls, distinct, firstAt, lastAt, n), "bench-child-reader-" + i);
                t.start();
                readers.add(t);
            }
            if (!ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) throw new IllegalStateException(k - ready.getCount() + " of " + k + " child JVMs ready after " + START_TIMEOUT);
            double startSecs = Bench.secondsSince(started);
            pg.checkpoint();
            long t0 = System.nanoTime();
            for (Process p : children) {
                OutputStream in = p.getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            long deadline = t0 + TIMEOUT.toNanos();
            while (distinct.get() < n && System.nanoTime() < deadline && children.stream().allMatch(Process::isAlive)) Thread.sleep(5);
            double secs = ((distinct.get() < n ? System.nanoTime() : lastAt.get()) - t0) / 1e9;
            long stopping = System.nanoTime();
            for (Process p : children) p.getOutputStream().close();
            for (Process p : children) {
                if (!p.waitFor(1, TimeUnit.MINUTES)) p.destroyForcibly().waitFor();
            }
            for (Thread t : readers) t.join();
            double stopSecs = Bench.secondsSince(stopping);

            long duplicates = calls.values().stream().mapToLong(c -> c - 1).sum();
            long losses = n - distinct.get();
            StringBuilder problems = new StringBuilder();
            long[] left = jobsAndDelivered(pg.databaseUrl(db));
            if (left[0] != 0 || left[1] != n) problems.append(String.format("%,d jobs left and %,d of %,d messages DELIVERED; ", left[0], left[1], n));
            for (int i = 0; i < k; i++) {
                if (children.get(i).exitValue() != 0) problems.append("child ").append(i).append(" exited with ").append(children.get(i).exitValue()).append("; ");
                List<String> err = Files.readAllLines(logs.get(i));
                if (!err.isEmpty()) problems.append("child ").append(i).append(" stderr (").append(err.size()).append(" lines): ").append(err.get(0)).append("; ");
            }
            if (duplicates > 0 || losses > 0) problems.append(String.format("%,d duplicates, %,d losses; ", duplicates, losses));
            Run run = new Run(distinct.get() / secs, (firstAt.get() - t0) / 1e6, duplicates, losses, problems.toString());
            ctx.log("%s, %d JVM%s: %.2f s (%.0f deliveries/s, first after %.0f ms); duplicates %d, losses %d; start %.1f s, stop %.1f s%s",
                    label, k, k == 1 ? "" : "s", secs, run.perSec(), run.firstMs(), duplicates, losses, startSecs, stopSecs, problems.length() == 0 ? "" : "; PROBLEM: " + problems);
            return run;
        } finally {
            for (Process p : children) p.destroyForcibly();
            for (Path log : logs) Files.deleteIfExists(log);
            pg.dropDatabase(db);
            for (String w : warmUpDbs) pg.dropDatabase(w);
        }
    }

    /** Jobs left, and messages DELIVERED. */
    private static long[] jobsAndDelivered(String url) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM knock_jobs), (SELECT count(*) FROM knock_messages WHERE status = 'DELIVERED')")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** Reads one child's stdout: {@code ready}, then one {@code D <message id>} per provider call. */
    private static void read(Process p, CountDownLatch ready, Map<String, Integer> calls, AtomicInteger distinct,
                             AtomicLong firstAt, AtomicLong lastAt, int n) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals("ready")) {
                    ready.countDown();
                } else if (line.startsWith("D ")) {
                    long now = System.nanoTime();
                    if (calls.merge(line.substring(2), 1, Integer::sum) == 1) {
                        int d = distinct.incrementAndGet();
                        if (d == 1) firstAt.set(now);
                        if (d == n) lastAt.set(now);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
