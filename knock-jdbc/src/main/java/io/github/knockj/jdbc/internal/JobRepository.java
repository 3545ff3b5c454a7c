package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.millis;

import io.github.knockj.core.spi.Job;
import io.github.knockj.jdbc.internal.Schema.Jobs;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** The durable job queue: claims under leases, renewals, the next due time. */
public final class JobRepository {
    private static final Comparator<Job> BY_DUE = Comparator.comparing(Job::dueAt).thenComparing(Job::id);

    private final Tx tx;

    public JobRepository(Tx tx) {
        this.tx = tx;
    }

    public List<Job> claimJobs(String owner, Instant now, Instant leaseUntil, int limit) {
        if (limit <= 0) return List.of();
        return tx.run("claimJobs", ctx -> tx.dialect().claimJobs(ctx, owner, millis(now), millis(leaseUntil), limit)
                .stream().map(Mapping::claimedJob).sorted(BY_DUE).toList());
    }

    /**
     * Extends the leases {@code owner} still holds. Never waits for a row lock: a job locked by
     * another transaction is skipped. That is either the owner's own commit completing the job (which
     * holds it until it is gone, so no claimer can take it meanwhile) or another node claiming a lease
     * that has already run out. Waiting instead would let one slow commit hold up the renewal of every
     * other job in flight, long enough for their leases to lapse and the jobs to run twice, and an
     * unordered renewal could deadlock with a commit locking the same rows.
     */
    public int renewLeases(String owner, Collection<String> jobIds, Instant leaseUntil) {
        if (jobIds.isEmpty()) return 0;
        return tx.run("renewLeases", ctx -> {
            int n = 0;
            for (List<String> chunk : Sql.chunks(List.copyOf(new HashSet<>(jobIds)), Sql.MAX_IN)) {
                List<String> held = ctx.select(Jobs.ID).from(Jobs.T).where(Jobs.ID.in(chunk).and(Jobs.OWNER.eq(owner)))
                        .forUpdate().skipLocked().fetch(Jobs.ID);
                if (held.isEmpty()) continue;
                n += ctx.update(Jobs.T).set(Jobs.LEASE_UNTIL, millis(leaseUntil))
                        .where(Jobs.ID.in(held).and(Jobs.OWNER.eq(owner))).execute();
            }
            return n;
        });
    }

    /**
     * Extends and reports exactly the leases {@code owner} holds among {@code jobIds}. Waits for any
     * transaction writing one of them (in id order, as commits lock them, so the two cannot deadlock):
     * a job being completed by its owner's commit is then gone, one being claimed by another node
     * after its lease ran out then belongs to that node.
     */
    public Set<String> confirmLeases(String owner, Collection<String> jobIds, Instant leaseUntil) {
        if (jobIds.isEmpty()) return Set.of();
        return tx.run("confirmLeases", ctx -> {
            Set<String> confirmed = new HashSet<>();
            for (List<String> chunk : Sql.chunks(new TreeSet<>(jobIds).stream().toList(), Sql.MAX_IN)) {
                List<String> held = ctx.select(Jobs.ID).from(Jobs.T).where(Jobs.ID.in(chunk).and(Jobs.OWNER.eq(owner)))
                        .orderBy(Jobs.ID).forUpdate().fetch(Jobs.ID);
                if (held.isEmpty()) continue;
                ctx.update(Jobs.T).set(Jobs.LEASE_UNTIL, millis(leaseUntil)).where(Jobs.ID.in(held).and(Jobs.OWNER.eq(owner))).execute();
                confirmed.addAll(held);
            }
            return confirmed;
        });
    }

    /** The earliest of: unleased jobs' due times, and leased jobs' lease ends (or due times, if later). */
    public Optional<Instant> nextDueAt(Instant now) {
        return tx.run("nextDueAt", ctx -> {
            Long unleased = ctx.select(DSL.min(Jobs.DUE_AT)).from(Jobs.T).where(Jobs.LEASE_UNTIL.isNull()).fetchOne(0, Long.class);
            Field<Long> free = DSL.greatest(Jobs.LEASE_UNTIL, Jobs.DUE_AT);
            Long leased = ctx.select(DSL.min(free)).from(Jobs.T).where(Jobs.LEASE_UNTIL.isNotNull()).fetchOne(0, Long.class);
            if (unleased == null) return Optional.ofNullable(Codec.instant(leased));
            if (leased == null) return Optional.of(Codec.instant(unleased));
            return Optional.of(Codec.instant(Math.min(unleased, leased)));
        });
    }

    public long countJobs() {
        return tx.run("countJobs", ctx -> ctx.selectCount().from(Jobs.T).fetchOne(0, Long.class));
    }
}
