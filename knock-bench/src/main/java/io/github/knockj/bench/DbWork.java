package io.github.knockj.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database work of a timed part, from {@code pg_stat_statements}: {@link #reset} right before
 * it, {@link #read} right after. {@code pg_stat_statements} updates its counters in shared memory as
 * each statement ends, so the figures are exact at once (the cumulative statistics views such as
 * {@code pg_stat_user_tables} are flushed by each backend up to seconds later, so they are not used).
 * Counted: top-level statements of the bench's database except the bench's own reads of this view.
 * Only the engine runs statements during the timed parts measured.
 *
 * <ul>
 *   <li><b>commits</b>: transactions begun less those rolled back. The JDBC store's pool runs with
 *       auto-commit off, so pgjdbc sends a {@code BEGIN} before each transaction's first statement
 *       (read-only transactions included). {@code COMMIT} itself is not counted:
 *       {@code pg_stat_statements} counts a utility statement only on the first execution of a
 *       server-prepared statement, and pgjdbc prepares its {@code COMMIT} once per connection;</li>
 *   <li><b>statements</b>: every call except {@code BEGIN}, {@code COMMIT} and {@code ROLLBACK} (one JDBC batch
 *       of N executions counts N unless pgjdbc rewrote it into one multi-row insert);</li>
 *   <li><b>rows inserted/updated/deleted</b>: the {@code rows} of {@code INSERT} (and
 *       {@code COPY ... FROM}), {@code UPDATE} and {@code DELETE} statements, by their target table
 *       (a {@code WITH} statement counts as its main statement).</li>
 * </ul>
 */
final class DbWork {
    private static final Pattern TARGET = Pattern.compile(
            "^(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|COPY)\\s+(?:ONLY\\s+)?\"?([A-Za-z0-9_.]+)\"?", Pattern.CASE_INSENSITIVE);

    final long commits;
    final long statements;
    final long inserted;
    final long updated;
    final long deleted;
    /** Per target table: rows inserted, updated, deleted. */
    final Map<String, long[]> perTable;
    /** Calls per statement kind (first keyword: SELECT, INSERT, ..., COMMIT). */
    final Map<String, Long> callsByKind;

    private DbWork(long commits, long statements, long inserted, long updated, long deleted, Map<String, long[]> perTable, Map<String, Long> callsByKind) {
        this.commits = commits;
        this.statements = statements;
        this.inserted = inserted;
        this.updated = updated;
        this.deleted = deleted;
        this.perTable = perTable;
        this.callsByKind = callsByKind;
    }

    /** The measures {@link #addTo} fills, declared on {@code r} ("per recipient", "per delivery", ...). */
    static void declare(ScenarioResult r, String per) {
        for (String m : new String[] {"commits", "statements", "rows inserted", "rows updated", "rows deleted"}) {
            r.measure(m + " per " + per, "", false);
        }
    }

    /** Adds this work divided by {@code n} to the measures {@link #declare} declared. */
    void addTo(ScenarioResult r, String per, long n) {
        r.add("commits per " + per, commits / (double) n);
        r.add("statements per " + per, statements / (double) n);
        r.add("rows inserted per " + per, inserted / (double) n);
        r.add("rows updated per " + per, updated / (double) n);
        r.add("rows deleted per " + per, deleted / (double) n);
    }

    /** One line: the totals per unit, then rows inserted/updated/deleted per unit by table, then calls by kind. */
    String describe(String per, long n) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "per %s: %.2f commits, %.2f statements, rows ins/upd/del %.2f/%.2f/%.2f; by table (ins/upd/del):",
                per, commits / (double) n, statements / (double) n, inserted / (double) n, updated / (double) n, deleted / (double) n));
        perTable.forEach((t, v) -> b.append(String.format(Locale.ROOT, " %s %.2f/%.2f/%.2f", t, v[0] / (double) n, v[1] / (double) n, v[2] / (double) n)));
        b.append("; calls by kind:");
        callsByKind.forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.2f", k, v / (double) n)));
        return b.toString();
    }

    /** Starts counting: creates the extension if need be and resets its counters. */
    static void reset(Postgres pg) {
        try (Connection c = pg.admin(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        } catch (SQLException e) {
            throw new IllegalStateException("pg_stat_statements is not available (shared_preload_libraries?)", e);
        }
    }

    /** The work since {@link #reset}. */
    static DbWork read(Postgres pg) {
        long begun = 0, rolledBack = 0, statements = 0, inserted = 0, updated = 0, deleted = 0;
        Map<String, long[]> perTable = new TreeMap<>();
        Map<String, Long> byKind = new TreeMap<>();
        try (Connection c = pg.admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT query, calls, rows FROM pg_stat_statements WHERE toplevel"
                     + " AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                     + " AND query NOT LIKE '%pg_stat_statements%'")) {
            while (rs.next()) {
                if (Boolean.getBoolean("knock.bench.dbwork.dump")) System.err.printf("pgss %d calls %d rows: %s%n", rs.getLong(2), rs.getLong(3), rs.getString(1).replaceAll("\\s+", " "));
                String query = mainStatement(rs.getString(1));
                long calls = rs.getLong(2);
                long rows = rs.getLong(3);
                String kind = firstWord(query);
                byKind.merge(kind, calls, Long::sum);
                switch (kind) {
                    case "BEGIN", "START" -> begun += calls;
                    case "ROLLBACK", "ABORT" -> rolledBack += calls;
                    case "COMMIT", "END" -> { }
                    default -> statements += calls;
                }
                int col = switch (kind) {
                    case "INSERT" -> 0;
                    case "COPY" -> query.toUpperCase(Locale.ROOT).contains(" FROM STDIN") ? 0 : -1;
                    case "UPDATE" -> 1;
                    case "DELETE" -> 2;
                    default -> -1;
                };
                if (col < 0) continue;
                if (col == 0) inserted += rows;
                else if (col == 1) updated += rows;
                else deleted += rows;
                Matcher m = TARGET.matcher(query);
                String table = m.find() ? m.group(1).substring(m.group(1).lastIndexOf('.') + 1) : "?";
                perTable.computeIfAbsent(table, k -> new long[3])[col] += rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading pg_stat_statements failed", e);
        }
        return new DbWork(begun - rolledBack, statements, inserted, updated, deleted, perTable, byKind);
    }

    private static String firstWord(String query) {
        int i = 0;
        while (i < query.length() && Character.isLetter(query.charAt(i))) i++;
        return query.substring(0, i).toUpperCase(Locale.ROOT);
    }

    /** {@code query} without leading blanks and comments, and for a {@code WITH} statement its main statement. */
    static String mainStatement(String query) {
        String q = stripLeading(query);
        if (!firstWord(q).equals("WITH")) return q;
        // skip "WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (...) [, ...]" to the first word at depth 0 after a ')'
        int depth = 0;
        boolean closed = false;
        for (int i = 4; i < q.length(); i++) {
            char ch = q.charAt(i);
            if (ch == '\'') {
                i = q.indexOf('\'', i + 1);
                if (i < 0) return q;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
                if (depth == 0) closed = true;
            } else if (depth == 0 && closed && Character.isLetter(ch)) {
                String rest = q.substring(i);
                String w = firstWord(rest);
                if (w.equals("SELECT") || w.equals("INSERT") || w.equals("UPDATE") || w.equals("DELETE") || w.equals("MERGE")) return rest;
                i += w.length() - 1;
            }
        }
        return q;
    }

    private static String stripLeading(String q) {
        int i = 0;
        while (i < q.length()) {
            if (Character.isWhitespace(q.charAt(i))) {
                i++;
            } else if (q.startsWith("--", i)) {
                int nl = q.indexOf('\n', i);
                i = nl < 0 ? q.length() : nl + 1;
            } else if (q.startsWith("/*", i)) {
                int end = q.indexOf("*/", i);
                i = end < 0 ? q.length() : end + 2;
            } else {
                break;
            }
        }
        return q.substring(i);
    }
}
