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
        // the candidates with the lease they were under, if any (one that ran out): a job claimed from one is recovered
        Field<String> candidateId = DSL.field(DSL.name("claim_id"), String.class);
        Field<Long> previousLease = DSL.field(DSL.name("previous_lease_until"), Long.class);
        Table<?> candidates = select(Jobs.ID.as(candidateId), Jobs.LEASE_UNTIL.as(previousLease)).from(Jobs.T)
                .where(Jobs.DUE_AT.le(now).and(Jobs.LEASE_UNTIL.isNull().or(Jobs.LEASE_UNTIL.le(now))))
                .orderBy(Jobs.DUE_AT, Jobs.ID)
                .limit(limit)
                .forUpdate().skipLocked()
                .asTable("claim");
        List<Field<?>> returned = new java.util.ArrayList<>(Mapping.JOB_FIELDS);
        returned.add(DSL.field(candidates.field(previousLease).isNotNull()).as(Mapping.RECOVERED));
        return ctx.update(Jobs.T)
                .set(Jobs.OWNER, owner)
                .set(Jobs.LEASE_UNTIL, leaseUntil)
                .from(candidates)
                .where(Jobs.ID.eq(candidates.field(candidateId)))
                .returningResult(returned)
                .fetch()
                .stream().map(r -> (Record) r).toList();
    }
}
