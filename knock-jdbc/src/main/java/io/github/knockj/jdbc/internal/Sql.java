package io.github.knockj.jdbc.internal;

import java.util.ArrayList;
import java.util.List;
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
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void insert(DSLContext ctx, Table<?> table, List<Field<?>> fields, List<Object[]> rows) {
        for (List<Object[]> chunk : chunks(rows, rowsPerStatement(fields.size()))) {
            InsertValuesStepN<?> insert = ctx.insertInto((Table) table, fields);
            for (Object[] row : chunk) insert = insert.values(row);
            insert.execute();
        }
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
