package io.github.knockj.bench;

import io.github.knockj.core.Notifier;
import io.github.knockj.core.TestKit;
import io.github.knockj.jdbc.JdbcStore;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Scenario 2, on PostgreSQL: the fan-out of scenario 1 with every trigger, run, message, event and
 * job persisted. Timed from the trigger until every push was delivered and the Notifier is idle.
 *
 * <p>Baselines: the engine's own message rows (2 per recipient) written again into a table of the
 * same definition, with a JDBC batch insert (1,000 rows per batch and commit) and with one COPY.
 */
final class DurableFanout implements Scenario {
    private static final int BATCH = 1_000;
    /** Rows the raw batch insert reads and holds at a time. */
    private static final int PAGE = 10_000;

    @Override
    public ScenarioResult run(Bench.Context ctx) throws Exception {
        int n = ctx.config.size("2", 10_000, 200);
        ScenarioResult r = new ScenarioResult("2", "durable fan-out, PostgreSQL", String.format("%,d recipients", n));
        r.measure("engine recipients/s", "/s", true);
        r.measure("engine message rows/s", "/s", true);
        r.measure("raw batch insert rows/s", "/s", true);
        r.measure("raw COPY rows/s", "/s", true);
        DbWork.declare(r, "recipient");
        r.ratio("engine message rows/s", "raw batch insert rows/s", 0.5);
        r.ratio("engine message rows/s", "raw COPY rows/s", null);
        Postgres pg = ctx.postgres();

        ctx.log("warm-up");
        once(ctx, pg, Math.max(100, n / 10), null, 0);
        for (int rep = 1; rep <= ctx.config.reps(); rep++) once(ctx, pg, n, r, rep);
        double perSec = r.median("engine recipients/s");
        double projected = 1_000_000 / perSec;
        r.target("1,000,000 delivered in <= 60 s", String.format("%.0f s projected linearly from %,d recipients at %s/s", projected, n, Table.num(perSec)), projected <= 60);
        return r;
    }

    /** 15 minutes, or more for sizes that would take longer at 1,500 recipients/s. */
    static Duration timeout(int n) {
        return Duration.ofMinutes(15).plusSeconds(n / 1_500);
    }

    private static void once(Bench.Context ctx, Postgres pg, int n, ScenarioResult r, int rep) throws Exception {
        Duration timeout = timeout(n);
        String schema = pg.newSchema();
        try (JdbcStore store = JdbcStore.builder().url(pg.url(schema)).maximumPoolSize(10).build()) {
            CountingProvider push = new CountingProvider();
            double secs;
            try (Notifier notifier = Fixtures.channels(Notifier.builder(), push).store(store).workflow(Fixtures.fanout()).build()) {
                Fixtures.subscribeAll(notifier, n);
                pg.checkpoint();
                DbWork.reset(pg);
                long t0 = System.nanoTime();
                notifier.trigger(Fixtures.FANOUT).recipient(Fixtures.EVERYONE).data(Fixtures.DATA).send();
                push.await(n, timeout);
                TestKit.awaitIdle(notifier, timeout);
                secs = Bench.secondsSince(t0);
            }
            DbWork work = DbWork.read(pg);
            if (push.calls() != n) throw new IllegalStateException("expected " + n + " provider calls, got " + push.calls());
            Map<String, Long> rows = rowCounts(pg, schema);
            if (rows.get("knock_messages") != 2L * n) throw new IllegalStateException("expected " + 2 * n + " messages, found " + rows);
            pg.checkpoint();
            double[] raw = raw(pg, schema);
            double engineRows = 2.0 * n / secs;
            ctx.log("%s: engine %.2f s (%.0f recipients/s, %.0f message rows/s); raw batch %.0f rows/s; COPY %.0f rows/s",
                    r == null ? "warm-up" : "rep " + rep, secs, n / secs, engineRows, raw[0], raw[1]);
            ctx.log("%s database work %s", r == null ? "warm-up" : "rep " + rep, work.describe("recipient", n));
            if (r != null) {
                work.addTo(r, "recipient", n);
                r.add("engine recipients/s", n / secs);
                r.add("engine message rows/s", engineRows);
                r.add("raw batch insert rows/s", raw[0]);
                r.add("raw COPY rows/s", raw[1]);
                if (rep == 1) {
                    r.note("scenario 2 database work (rep 1, pg_stat_statements, timed part only) " + work.describe("recipient", n));
                    StringBuilder b = new StringBuilder("scenario 2 rows the engine left per recipient (excluding subscriptions):");
                    rows.forEach((t, c) -> {
                        if (c > 0 && !t.equals("knock_subscriptions")) b.append(String.format(" %s %.2f", t, c / (double) n));
                    });
                    r.note(b.toString());
                }
            }
        } finally {
            pg.dropSchema(schema);
        }
    }

    static Map<String, Long> rowCounts(Postgres pg, String schema) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = pg.connect(schema); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema
                    + "' AND table_name LIKE 'knock%' ORDER BY table_name")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
        }
        return out;
    }

    /**
     * Rows/s of a JDBC batch insert and of a COPY of the engine's message rows into a copy of the
     * table. The rows are streamed, not held: the batch insert reads them {@value #PAGE} at a time
     * through a cursor (in table order) on a second connection and times only the inserts and commits;
     * the COPY text is written to a temporary file by {@code COPY ... TO STDOUT} first (untimed).
     */
    private static double[] raw(Postgres pg, String schema) throws Exception {
        try (Connection c = pg.connect(schema); Connection read = pg.connect(schema); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE raw_messages (LIKE knock_messages INCLUDING ALL)");
            c.setAutoCommit(false);
            read.setAutoCommit(false);
            long rows = 0;
            long insertNanos = 0;
            try (Statement rs0 = read.createStatement()) {
                rs0.setFetchSize(PAGE);
                try (ResultSet rs = rs0.executeQuery("SELECT * FROM knock_messages")) {
                    int cols = rs.getMetaData().getColumnCount();
                    StringBuilder sql = new StringBuilder("INSERT INTO raw_messages VALUES (");
                    for (int i = 0; i < cols; i++) sql.append(i == 0 ? "?" : ", ?");
                    sql.append(')');
                    try (PreparedStatement ins = c.prepareStatement(sql.toString())) {
                        List<Object[]> page = new ArrayList<>(PAGE);
                        boolean more = true;
                        while (more) {
                            page.clear();
                            while (page.size() < PAGE && (more = rs.next())) {
                                Object[] row = new Object[cols];
                                for (int i = 0; i < cols; i++) row[i] = rs.getObject(i + 1);
                                page.add(row);
                            }
                            long t0 = System.nanoTime();
                            int inBatch = 0;
                            for (Object[] row : page) {
                                for (int i = 0; i < cols; i++) ins.setObject(i + 1, row[i]);
                                ins.addBatch();
                                if (++inBatch == BATCH) {
                                    ins.executeBatch();
                                    c.commit();
                                    inBatch = 0;
                                }
                            }
                            if (inBatch > 0) {
                                ins.executeBatch();
                                c.commit();
                            }
                            insertNanos += System.nanoTime() - t0;
                            rows += page.size();
                        }
                    }
                }
            }
            read.commit();
            double batch = rows / (insertNanos / 1e9);
            s.execute("TRUNCATE raw_messages");
            c.commit();
            Path text = Files.createTempFile("knock-bench-copy", ".txt");
            try {
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(text), 1 << 16)) {
                    copy.copyOut("COPY knock_messages TO STDOUT", out);
                }
                c.commit();
                s.execute("CHECKPOINT");
                long t0 = System.nanoTime();
                long copied;
                try (InputStream in = Files.newInputStream(text)) {
                    copied = copy.copyIn("COPY raw_messages FROM STDIN", in, 1 << 16);
                }
                c.commit();
                double copyRate = copied / Bench.secondsSince(t0);
                if (copied != rows) throw new IllegalStateException("COPY wrote " + copied + " of " + rows);
                return new double[] {batch, copyRate};
            } finally {
                Files.deleteIfExists(text);
            }
        }
    }
}
