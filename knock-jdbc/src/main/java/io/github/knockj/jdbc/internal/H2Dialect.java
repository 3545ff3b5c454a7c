package io.github.knockj.jdbc.internal;

import io.github.knockj.jdbc.internal.Schema.Jobs;
import io.github.knockj.jdbc.internal.Schema.Locks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;

/**
 * H2, the embedded default. H2 applies {@code LIMIT} before {@code SKIP LOCKED}, so a claimer could
 * come back empty while jobs wait; claimers instead take turns on a lock row, which costs nothing
 * on one node. Schema migration is serialised in-process by the migrator.
 */
final class H2Dialect implements Dialect {
    @Override
    public String name() {
        return "h2";
    }

    @Override
    public SQLDialect sqlDialect() {
        return SQLDialect.H2;
    }

    @Override
    public void lockSchema(DSLContext ctx) {
        // H2 has no advisory locks; Migrator serialises migrations within the JVM
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<String> insertAbsent(DSLContext ctx, Table<?> table, List<Field<?>> fields, int keyIndex, List<Object[]> rows) {
        Field<String> key = (Field<String>) fields.get(keyIndex);
        Set<String> existing = new HashSet<>();
        List<String> keys = new ArrayList<>(rows.size());
        for (Object[] row : rows) keys.add((String) row[keyIndex]);
        for (List<String> chunk : Sql.chunks(keys, Sql.MAX_IN)) {
            existing.addAll(ctx.select(key).from(table).where(key.in(chunk)).fetch(key));
        }
        List<Object[]> absent = new ArrayList<>(rows.size());
        Set<String> inserted = new HashSet<>();
        for (Object[] row : rows) {
            String k = (String) row[keyIndex];
            if (!existing.contains(k) && inserted.add(k)) absent.add(row);
        }
        Sql.insert(ctx, table, fields, absent);
        return inserted;
    }

    @Override
    public List<Record> claimJobs(DSLContext ctx, String owner, long now, long leaseUntil, int limit) {
        ctx.select(Locks.NAME).from(Locks.T).where(Locks.NAME.eq("claim")).forUpdate().fetch();
        List<String> ids = ctx.select(Jobs.ID).from(Jobs.T)
                .where(Jobs.DUE_AT.le(now).and(Jobs.LEASE_UNTIL.isNull().or(Jobs.LEASE_UNTIL.le(now))))
                .orderBy(Jobs.DUE_AT, Jobs.ID)
                .limit(limit)
                .fetch(Jobs.ID);
        if (ids.isEmpty()) return List.of();
        ctx.update(Jobs.T).set(Jobs.OWNER, owner).set(Jobs.LEASE_UNTIL, leaseUntil).where(Jobs.ID.in(ids)).execute();
        return new ArrayList<>(ctx.select(Mapping.JOB_FIELDS).from(Jobs.T).where(Jobs.ID.in(ids)).fetch());
    }
}
