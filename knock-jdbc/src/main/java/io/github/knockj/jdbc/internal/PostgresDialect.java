package io.github.knockj.jdbc.internal;

import static org.jooq.impl.DSL.select;

import io.github.knockj.jdbc.internal.Schema.Jobs;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** PostgreSQL: {@code ON CONFLICT DO NOTHING … RETURNING}, {@code FOR UPDATE SKIP LOCKED}, advisory locks. */
final class PostgresDialect implements Dialect {
    /** An arbitrary constant naming knock's migration lock among the database's advisory locks. */
    private static final long MIGRATION_LOCK = 0x6b6e6f636b4c4bL;

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public SQLDialect sqlDialect() {
        return SQLDialect.POSTGRES;
    }

    @Override
    public void lockSchema(DSLContext ctx) {
        ctx.select(DSL.function("pg_advisory_xact_lock", Object.class, DSL.val(MIGRATION_LOCK))).fetch();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Set<String> insertAbsent(DSLContext ctx, Table<?> table, List<Field<?>> fields, int keyIndex, List<Object[]> rows) {
        return Sql.insertAbsent(ctx, table, fields, keyIndex, rows);
    }

    @Override
    public List<Record> claimJobs(DSLContext ctx, String owner, long now, long leaseUntil, int limit) {
        return ctx.update(Jobs.T)
                .set(Jobs.OWNER, owner)
                .set(Jobs.LEASE_UNTIL, leaseUntil)
                .where(Jobs.ID.in(select(Jobs.ID).from(Jobs.T)
                        .where(Jobs.DUE_AT.le(now).and(Jobs.LEASE_UNTIL.isNull().or(Jobs.LEASE_UNTIL.le(now))))
                        .orderBy(Jobs.DUE_AT, Jobs.ID)
                        .limit(limit)
                        .forUpdate().skipLocked()))
                .returning(Mapping.JOB_FIELDS)
                .fetch()
                .stream().map(r -> (Record) r).toList();
    }
}
