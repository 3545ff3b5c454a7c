package io.github.knockj.bench;

import io.github.knockj.core.Notifier;
import io.github.knockj.core.TestKit;
import io.github.knockj.jdbc.JdbcStore;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
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
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final int BATCH = 1_000;

    @Override
    public ScenarioResult run(Bench.Context ctx) throws Exception {
        int n = ctx.config.size("2", 10_000, 200);
        ScenarioResult r = new ScenarioResult("2", "durable fan-out, PostgreSQL", String.format("%,d recipients", n));
        r.measure("engine recipients/s", "/s", true);
        r.measure("engine message rows/s", "/s", true);
        r.measure("raw batch insert rows/s", "/s", true);
        r.measure("raw COPY rows/s", "/s", true);
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

    private static void once(Bench.Context ctx, Postgres pg, int n, ScenarioResult r, int rep) throws Exception {
        String schema = pg.newSchema();
        try (JdbcStore store = JdbcStore.builder().url(pg.url(schema)).maximumPoolSize(10).build()) {
            CountingProvider push = new CountingProvider();
            double secs;
            try (Notifier notifier = Fixtures.channels(Notifier.builder(), push).store(store).workflow(Fixtures.fanout()).build()) {
                Fixtures.subscribeAll(notifier, n);
                pg.checkpoint();
                long t0 = System.nanoTime();
                notifier.trigger(Fixtures.FANOUT).recipient(Fixtures.EVERYONE).data(Fixtures.DATA).send();
                push.await(n, TIMEOUT);
                TestKit.awaitIdle(notifier, TIMEOUT);
                secs = Bench.secondsSince(t0);
            }
            if (push.calls() != n) throw new IllegalStateException("expected " + n + " provider calls, got " + push.calls());
            Map<String, Long> rows = rowCounts(pg, schema);
            if (rows.get("knock_messages") != 2L * n) throw new IllegalStateException("expected " + 2 * n + " messages, found " + rows);
            pg.checkpoint();
            double[] raw = raw(pg, schema);
            double engineRows = 2.0 * n / secs;
            ctx.log("%s: engine %.2f s (%.0f recipients/s, %.0f message rows/s); raw batch %.0f rows/s; COPY %.0f rows/s",
                    r == null ? "warm-up" : "rep " + rep, secs, n / secs, engineRows, raw[0], raw[1]);
            if (r != null) {
                r.add("engine recipients/s", n / secs);
                r.add("engine message rows/s", engineRows);
                r.add("raw batch insert rows/s", raw[0]);
                r.add("raw COPY rows/s", raw[1]);
                if (rep == 1) {
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

    /** Rows/s of a JDBC batch insert and of a COPY of the engine's message rows into a copy of the table. */
    private static double[] raw(Postgres pg, String schema) throws Exception {
        try (Connection c = pg.connect(schema); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE raw_messages (LIKE knock_messages INCLUDING ALL)");
            List<Object[]> rows = new ArrayList<>();
            int cols;
            try (ResultSet rs = s.executeQuery("SELECT * FROM knock_messages")) {
                ResultSetMetaData md = rs.getMetaData();
                cols = md.getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[cols];
                    for (int i = 0; i < cols; i++) row[i] = rs.getObject(i + 1);
                    rows.add(row);
                }
            }
            c.setAutoCommit(false);
            StringBuilder sql = new StringBuilder("INSERT INTO raw_messages VALUES (");
            for (int i = 0; i < cols; i++) sql.append(i == 0 ? "?" : ", ?");
            sql.append(')');
            long t0 = System.nanoTime();
            try (PreparedStatement ins = c.prepareStatement(sql.toString())) {
                int inBatch = 0;
                for (Object[] row : rows) {
                    for (int i = 0; i < cols; i++) ins.setObject(i + 1, row[i]);
                    ins.addBatch();
                    if (++inBatch == BATCH) {
                        ins.executeBatch();
                        c.commit();
                        inBatch = 0;
                    }
                }
                ins.executeBatch();
                c.commit();
            }
            double batch = rows.size() / Bench.secondsSince(t0);
            s.execute("TRUNCATE raw_messages");
            c.commit();
            s.execute("CHECKPOINT");
            StringBuilder text = new StringBuilder();
            for (Object[] row : rows) {
                for (int i = 0; i < cols; i++) {
                    if (i > 0) text.append('\t');
                    text.append(row[i] == null ? "\\N" : copyEscape(row[i].toString()));
                }
                text.append('\n');
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            t0 = System.nanoTime();
            long copied = copy.copyIn("COPY raw_messages FROM STDIN", new StringReader(text.toString()));
            c.commit();
            double copyRate = copied / Bench.secondsSince(t0);
            if (copied != rows.size()) throw new IllegalStateException("COPY wrote " + copied + " of " + rows.size());
            return new double[] {batch, copyRate};
        }
    }

    private static String copyEscape(String v) {
        return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
