package io.github.knockj.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** Bulk statements: many rows per round trip, within the bind-value limits of every driver. */
final class Sql {
    /** Bind values per statement; PostgreSQL's protocol allows 65535. */
    private static final int MAX_BINDS = 16_000;
    /** Values per {@code IN} list. */
    static final int MAX_IN = 1_000;

    private Sql() {}

    static int rowsPerStatement(int columns) {
        return Math.max(1, Math.min(1_000, MAX_BINDS / columns));
    }

    static <T> List<List<T>> chunks(List<T> list, int size) {
        if (list.size() <= size) return list.isEmpty() ? List.of() : List.of(list);
        List<List<T>> out = new ArrayList<>(list.size() / size + 1);
        for (int i = 0; i < list.size(); i += size) out.add(list.subList(i, Math.min(list.size(), i + size)));
        return out;
    }

    /** Inserts rows with multi-row {@code VALUES}, a statement per chunk. */
    static void insert(DSLContext ctx, Table<?> table, List<Field<?>> fields, List<Object[]> rows) {
        InsertShape shape = InsertShape.of(ctx, table, fields, null);
        for (List<Object[]> chunk : chunks(rows, rowsPerStatement(fields.size()))) {
            ctx.connection(c -> {
                try (PreparedStatement ps = c.prepareStatement(shape.sql(chunk.size()))) {
                    shape.bind(ps, chunk);
                    ps.executeUpdate();
                }
            });
        }
    }

    /**
     * Inserts the rows whose key is not taken yet, with PostgreSQL's {@code ON CONFLICT DO NOTHING};
     * returns the keys it inserted.
     */
    static Set<String> insertAbsent(DSLContext ctx, Table<?> table, List<Field<?>> fields, int keyIndex, List<Object[]> rows) {
        Set<String> inserted = new HashSet<>();
        InsertShape shape = InsertShape.of(ctx, table, fields, fields.get(keyIndex));
        for (List<Object[]> chunk : chunks(rows, rowsPerStatement(fields.size()))) {
            ctx.connection(c -> {
                try (PreparedStatement ps = c.prepareStatement(shape.sql(chunk.size()))) {
                    shape.bind(ps, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) inserted.add(rs.getString(1));
                    }
                }
            });
        }
        return inserted;
    }

    /**
     * An INSERT as jOOQ renders it for one row of bind placeholders, split around that row's
     * {@code (?, ?, ...)} group so that a statement for n rows is the group repeated n times. Building
     * jOOQ's query model for every row of every insert cost more CPU than the database spent on it.
     */
    private record InsertShape(String head, String group, String tail, int[] sqlTypes) {
        private static final Map<String, InsertShape> CACHE = new ConcurrentHashMap<>();

        @SuppressWarnings({"unchecked", "rawtypes"})
        static InsertShape of(DSLContext ctx, Table<?> table, List<Field<?>> fields, Field<?> returningKey) {
            String key = ctx.dialect() + "|" + table.getName() + "|" + fields + "|" + returningKey;
            return CACHE.computeIfAbsent(key, k -> {
                Object[] params = new Object[fields.size()];
                int[] types = new int[fields.size()];
                for (int i = 0; i < params.length; i++) {
                    params[i] = DSL.param(fields.get(i).getDataType());
                    types[i] = fields.get(i).getDataType().getSQLType();
                }
                InsertValuesStepN<?> one = ctx.insertInto((Table) table, fields).values(params);
                String sql = ctx.render(returningKey == null ? one : one.onConflictDoNothing().returningResult(returningKey));
                int values = sql.toLowerCase(java.util.Locale.ROOT).lastIndexOf(" values ");
                int open = sql.indexOf('(', values);
                int depth = 0, close = open;
                for (int i = open; i < sql.length(); i++) {
                    char ch = sql.charAt(i);
                    if (ch == '(') depth++;
                    else if (ch == ')' && --depth == 0) {
                        close = i;
                        break;
                    }
                }
                return new InsertShape(sql.substring(0, open), sql.substring(open, close + 1), sql.substring(close + 1), types);
            });
        }

        String sql(int rows) {
            StringBuilder b = new StringBuilder(head.length() + tail.length() + rows * (group.length() + 2)).append(head);
            for (int i = 0; i < rows; i++) {
                if (i > 0) b.append(", ");
                b.append(group);
            }
            return b.append(tail).toString();
        }

        void bind(PreparedStatement ps, List<Object[]> rows) throws SQLException {
            int at = 1;
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++, at++) {
                    if (row[i] == null) ps.setNull(at, sqlTypes[i]);
                    else if (row[i] instanceof String text) ps.setString(at, withoutNul(text));
                    else ps.setObject(at, row[i]);
                }
            }
        }
    }

    /** PostgreSQL text cannot hold U+0000; the engine never writes one, and this keeps anything else from failing a commit. */
    static String withoutNul(String s) {
        return s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
    }

    /** A bind placeholder typed like {@code field}, for statements executed as JDBC batches. */
    static <T> Param<T> p(Field<T> field) {
        return DSL.param(field.getDataType());
    }

    /** Executes {@code template} once per row of bind values as JDBC batches; returns the update counts. */
    static int[] batch(DSLContext ctx, Query template, List<Object[]> binds) {
        int[] counts = new int[binds.size()];
        int at = 0;
        for (List<Object[]> chunk : chunks(binds, 1_000)) {
            BatchBindStep step = ctx.batch(template);
            for (Object[] row : chunk) step = step.bind(row);
            int[] n = step.execute();
            System.arraycopy(n, 0, counts, at, n.length);
            at += n.length;
        }
        return counts;
    }

    /** Updates the row matching {@code key}, or inserts it when there is none. */
    static void put(DSLContext ctx, Table<?> table, Condition key, java.util.Map<Field<?>, Object> values) {
        if (ctx.update(table).set(values).where(key).execute() == 0) {
            ctx.insertInto(table).set(values).execute();
        }
    }

    static List<Field<?>> fields(Field<?>... fields) {
        return List.of(fields);
    }
}
