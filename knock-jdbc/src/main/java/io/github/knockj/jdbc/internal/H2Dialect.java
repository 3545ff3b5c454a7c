package io.github.knockj.jdbc.internal;

import io.github.knockj.core.StoreException;
import io.github.knockj.jdbc.internal.Schema.Jobs;
import io.github.knockj.jdbc.internal.Schema.Locks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * H2, the embedded default. H2 applies {@code LIMIT} before {@code SKIP LOCKED}, so a claimer could
 * come back empty while jobs wait; claimers instead take turns on a lock row, which costs nothing
 * on one node. Schema migration is serialised in-process by the migrator.
 *
 * <p>A database in a file is set to {@code WRITE_DELAY=0} when a store is built (H2 keeps the
 * setting in the file; it needs admin rights): H2 then writes a commit to the file (the operating
 * system's page cache; no fsync) before the commit returns, so a commit that returned survives the
 * process being killed. With H2's default (500 ms) the last half second of commits was lost when
 * the process died ({@code H2FileKillTest}). A file the last process did not close has its indexes
 * rebuilt ({@link H2CrashRepair}).
 */
final class H2Dialect implements Dialect {
    private static final Logger log = LoggerFactory.getLogger(H2Dialect.class);
    private final H2CrashRepair crashRepair = new H2CrashRepair();

    @Override
    public void opened(Tx tx) {
        crashRepair.opened(tx);
    }

    @Override
    public void closed() {
        crashRepair.closed();
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public void makeCommitsSurviveKill(Tx tx) {
        try {
            tx.run("setting H2's WRITE_DELAY to 0", ctx -> {
                // in memory there is nothing to lose to a kill; in a file, H2 keeps the setting
                if (ctx.fetchValue("SELECT DATABASE_PATH()") != null) ctx.execute("SET WRITE_DELAY 0");
                return null;
            });
        } catch (StoreException e) {
            log.warn("H2 kept its WRITE_DELAY ({}): the commits of the last write delay (500 ms by default) are lost if the"
                    + " process is killed; connect once as the database's admin user (H2 keeps the setting in the file)", e.getMessage());
        }
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
        List<Record2<String, Long>> due = ctx.select(Jobs.ID, Jobs.LEASE_UNTIL).from(Jobs.T)
                .where(Jobs.DUE_AT.le(now).and(Jobs.LEASE_UNTIL.isNull().or(Jobs.LEASE_UNTIL.le(now))))
                .orderBy(Jobs.DUE_AT, Jobs.ID)
                .limit(limit)
                .fetch();
        if (due.isEmpty()) return List.of();
        List<String> ids = due.stream().map(Record2::value1).toList();
        // a job still under a lease (one that ran out, or it would not be claimable) is recovered
        List<String> recovered = due.stream().filter(r -> r.value2() != null).map(Record2::value1).toList();
        ctx.update(Jobs.T).set(Jobs.OWNER, owner).set(Jobs.LEASE_UNTIL, leaseUntil).where(Jobs.ID.in(ids)).execute();
        Field<Boolean> wasRecovered = recovered.isEmpty() ? DSL.inline(false) : DSL.field(Jobs.ID.in(recovered));
        List<Field<?>> fields = new ArrayList<>(Mapping.JOB_FIELDS);
        fields.add(wasRecovered.as(Mapping.RECOVERED));
        return new ArrayList<>(ctx.select(fields).from(Jobs.T).where(Jobs.ID.in(ids)).fetch());
    }
}
