package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.millis;
import static io.github.knockj.jdbc.internal.Sql.p;

import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.CommitResult;
import io.github.knockj.core.spi.DeliveryUpdate;
import io.github.knockj.core.spi.IdempotencyKeyTakenException;
import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.LeaseLostException;
import io.github.knockj.core.spi.RunChanges;
import io.github.knockj.core.spi.ScheduleChanges;
import io.github.knockj.core.spi.TriggerRecord;
import io.github.knockj.jdbc.internal.Schema.Events;
import io.github.knockj.jdbc.internal.Schema.Idempotency;
import io.github.knockj.jdbc.internal.Schema.Jobs;
import io.github.knockj.jdbc.internal.Schema.Messages;
import io.github.knockj.jdbc.internal.Schema.Runs;
import io.github.knockj.jdbc.internal.Schema.Triggers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Applies a {@link ChangeSet} inside the caller's transaction, in the order the contract gives, with
 * one multi-row statement (or one JDBC batch) per kind of row rather than a round trip per row.
 */
final class CommitWriter {
    private final Dialect dialect;

    CommitWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    CommitResult apply(DSLContext ctx, ChangeSet changes) {
        completeLeasedJobs(ctx, changes);
        claimIdempotencyKeys(ctx, changes.idempotencyRecords());

        List<TriggerRecord> triggers = new ArrayList<>(changes.triggers());
        List<Message> messages = new ArrayList<>();
        List<MessageEvent> events = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        Set<String> skipped = new HashSet<>();
        Set<String> applied = applyRuns(ctx, changes.runs(), skipped);
        for (RunChanges rc : changes.runs()) {
            if (!applied.contains(rc.run().id())) continue;
            triggers.addAll(rc.triggers());
            messages.addAll(rc.messages());
            events.addAll(rc.events());
            jobs.addAll(rc.jobs());
        }
        for (ScheduleChanges sc : changes.schedules()) {
            if (!ScheduleRepository.replaceIfUnchanged(ctx, sc.schedule(), sc.expectedUpdatedAt())) continue;
            triggers.addAll(sc.triggers());
            jobs.addAll(sc.jobs());
        }
        events.addAll(changes.events());
        jobs.addAll(changes.jobs());

        if (!triggers.isEmpty()) {
            List<Object[]> rows = new ArrayList<>(triggers.size());
            triggers.forEach(t -> rows.add(Mapping.row(t)));
            dialect.insertAbsent(ctx, Triggers.T, Mapping.TRIGGER_FIELDS, 0, rows);
        }
        List<MessageEvent> eventRows = new ArrayList<>(events.size());
        insert(ctx, Messages.T, Mapping.MESSAGE_INSERT_FIELDS, messageRows(messages, events, eventRows));
        Set<String> skippedDeliveries = updateDeliveries(ctx, changes.deliveries(), jobs);
        insert(ctx, Events.T, Mapping.EVENT_FIELDS, eventRows.stream().map(Mapping::row).toList());
        insert(ctx, Jobs.T, Mapping.JOB_FIELDS, jobs.stream().map(Mapping::row).toList());
        return CommitResult.of(skipped, skippedDeliveries);
    }

    /**
     * The rows of the new messages, each with its creation event: the first of {@code events} about
     * the message, if it happened at the message's {@code createdAt} (the engine's {@code queued},
     * {@code delivered} "stored in feed" or {@code not_sent}), is kept on the message row (V6) rather
     * than as a row of its own, one row per message instead of two. Every other event goes to
     * {@code eventRows}, in order. Only the message's first event qualifies, so that reading the
     * creation event before the event rows ({@link MessageRepository#messageEvents}) keeps the
     * history's order.
     */
    private static List<Object[]> messageRows(List<Message> messages, List<MessageEvent> events, List<MessageEvent> eventRows) {
        Map<String, Message> awaitingFirst = new HashMap<>(messages.size() * 2);
        for (Message m : messages) awaitingFirst.put(m.id(), m);
        Map<String, MessageEvent> created = new HashMap<>(messages.size() * 2);
        for (MessageEvent e : events) {
            Message m = awaitingFirst.isEmpty() ? null : awaitingFirst.remove(e.messageId());
            if (m != null && e.at().equals(m.createdAt())) created.put(m.id(), e); else eventRows.add(e);
        }
        List<Object[]> rows = new ArrayList<>(messages.size());
        for (Message m : messages) rows.add(Mapping.row(m, created.get(m.id())));
        return rows;
    }

    private static void insert(DSLContext ctx, org.jooq.Table<?> table, List<org.jooq.Field<?>> fields, List<Object[]> rows) {
        if (!rows.isEmpty()) Sql.insert(ctx, table, fields, rows);
    }

    /**
     * First of all, deletes the jobs the change set completes and puts back those it reschedules,
     * each statement only where the change set's owner still holds the lease: if any job is not
     * theirs, nothing is applied. Checking the owner in the writes themselves (rather than with a
     * locking read before them) saves a round trip per commit; the rows stay locked until the commit.
     * Both go in id order, as every waiting lock is taken.
     */
    static void completeLeasedJobs(DSLContext ctx, ChangeSet changes) {
        if (changes.completedJobs().isEmpty() && changes.rescheduledJobs().isEmpty()) return;
        String owner = changes.owner();
        if (owner == null) {
            String id = changes.completedJobs().isEmpty() ? changes.rescheduledJobs().get(0).jobId() : changes.completedJobs().get(0);
            throw new LeaseLostException("job " + id + " cannot be completed without a lease owner");
        }
        Set<String> completed = new TreeSet<>(changes.completedJobs());
        for (List<String> chunk : Sql.chunks(List.copyOf(completed), Sql.MAX_IN)) {
            int deleted = ctx.deleteFrom(Jobs.T).where(Jobs.ID.in(chunk).and(Jobs.OWNER.eq(owner)).and(Jobs.LEASE_UNTIL.isNotNull())).execute();
            if (deleted < chunk.size()) {
                throw new LeaseLostException((chunk.size() - deleted) + " of " + chunk.size() + " jobs to complete (from " + chunk.get(0)
                        + ") are no longer leased by " + owner);
            }
        }
        Map<String, ChangeSet.Reschedule> rescheduled = new TreeMap<>(); // the last reschedule of a job wins
        for (ChangeSet.Reschedule r : changes.rescheduledJobs()) if (!completed.contains(r.jobId())) rescheduled.put(r.jobId(), r);
        if (rescheduled.isEmpty()) return;
        List<Object[]> binds = new ArrayList<>(rescheduled.size());
        for (ChangeSet.Reschedule r : rescheduled.values()) binds.add(new Object[] {millis(r.dueAt()), r.attempts(), r.jobId(), owner});
        int[] updated = Sql.batch(ctx, ctx.update(Jobs.T).set(Jobs.DUE_AT, p(Jobs.DUE_AT)).set(Jobs.ATTEMPTS, p(Jobs.ATTEMPTS))
                .set(Jobs.OWNER, DSL.inline(null, Jobs.OWNER)).set(Jobs.LEASE_UNTIL, DSL.inline(null, Jobs.LEASE_UNTIL))
                .where(Jobs.ID.eq(p(Jobs.ID)).and(Jobs.OWNER.eq(p(Jobs.OWNER))).and(Jobs.LEASE_UNTIL.isNotNull())), binds);
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) throw new LeaseLostException("job " + binds.get(i)[2] + " is no longer leased by " + owner);
        }
    }

    /**
     * Claims each key with an insert that does nothing if the key is there: of two transactions
     * claiming one new key, the second waits for the first and finds its row. A key that is there
     * is locked and read; an expired one is taken over, a live one (or one claimed twice in this
     * change set) fails the commit with the record that holds it. (Reading first and then writing
     * let two concurrent triggers with one key both be accepted.)
     */
    private void claimIdempotencyKeys(DSLContext ctx, List<IdempotencyRecord> records) {
        if (records.isEmpty()) return;
        List<Object[]> rows = new ArrayList<>(records.size());
        for (IdempotencyRecord r : records) {
            rows.add(new Object[] {r.key(), r.fingerprint(), r.triggerId(), millis(r.createdAt()), millis(r.expiresAt())});
        }
        Set<String> inserted = dialect.insertAbsent(ctx, Idempotency.T, IdempotencyRepository.FIELDS, 0, rows);
        java.util.Map<String, IdempotencyRecord> claimed = new java.util.HashMap<>();
        for (IdempotencyRecord r : records) {
            IdempotencyRecord first = claimed.putIfAbsent(r.key(), r);
            if (first != null) throw new IdempotencyKeyTakenException(first);
            if (inserted.contains(r.key())) continue;
            IdempotencyRecord existing = ctx.select(IdempotencyRepository.FIELDS).from(Idempotency.T)
                    .where(Idempotency.KEY.eq(r.key())).forUpdate().fetchOptional().map(IdempotencyRepository::record)
                    .orElseThrow(() -> new Tx.Conflict("idempotency key " + r.key() + " was deleted while it was claimed"));
            if (existing.holdsKeyAt(r.createdAt())) throw new IdempotencyKeyTakenException(existing);
            ctx.update(Idempotency.T).set(Idempotency.FINGERPRINT, r.fingerprint()).set(Idempotency.TRIGGER_ID, r.triggerId())
                    .set(Idempotency.CREATED_AT, millis(r.createdAt())).set(Idempotency.EXPIRES_AT, millis(r.expiresAt()))
                    .where(Idempotency.KEY.eq(r.key())).execute();
        }
    }

    /**
     * Writes run rows: new ones only if absent, updates only on the expected version. Returns the run
     * ids written. A run's log entries go with its row: a new run's in its INSERT, an updated run's
     * appended by its UPDATE ({@link RunLogText}), so they are written exactly when the run is and
     * cost no statement or row of their own. Every entry of a {@link RunChanges} is filed under its
     * run, as the in-memory store files it (core only logs a run's own entries there).
     */
    private Set<String> applyRuns(DSLContext ctx, List<RunChanges> runs, Set<String> skipped) {
        Set<String> applied = new HashSet<>();
        List<Object[]> inserts = new ArrayList<>();
        List<String> insertIds = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<String> updateIds = new ArrayList<>();
        for (RunChanges rc : runs) {
            WorkflowRun r = rc.run();
            if (rc.isNew()) {
                inserts.add(Mapping.row(r, rc.log()));
                insertIds.add(r.id());
            } else {
                updates.add(new Object[] {Codec.json(r.data()), r.status().name(), r.cursor(), Codec.json(r.state()),
                        millis(r.updatedAt()), r.version(), RunLogText.lines(rc.log()), r.id(), r.version() - 1});
                updateIds.add(r.id());
            }
        }
        if (!inserts.isEmpty()) {
            Set<String> inserted = dialect.insertAbsent(ctx, Runs.T, Mapping.RUN_INSERT_FIELDS, 0, inserts);
            for (String id : insertIds) {
                if (inserted.contains(id)) applied.add(id); else skipped.add(id);
            }
        }
        if (!updates.isEmpty()) {
            int[] counts = Sql.batch(ctx, ctx.update(Runs.T).set(Runs.DATA, p(Runs.DATA)).set(Runs.STATUS, p(Runs.STATUS))
                    .set(Runs.CURSOR, p(Runs.CURSOR)).set(Runs.STATE, p(Runs.STATE)).set(Runs.UPDATED_AT, p(Runs.UPDATED_AT))
                    .set(Runs.VERSION, p(Runs.VERSION)).set(Runs.LOG, appendLog(p(Runs.LOG)))
                    .where(Runs.ID.eq(p(Runs.ID)).and(Runs.VERSION.eq(p(Runs.VERSION)))), updates);
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) applied.add(updateIds.get(i)); else skipped.add(updateIds.get(i));
            }
        }
        return applied;
    }

    /**
     * The run's log with {@code lines} ({@link RunLogText}) appended: {@code coalesce(log_entries, '') || lines}.
     * Bind {@link RunLogText#lines} (empty, never null, when there are none).
     */
    static org.jooq.Field<String> appendLog(org.jooq.Field<String> lines) {
        return DSL.field("coalesce({0}, '') || {1}", Runs.LOG.getDataType(), Runs.LOG, lines);
    }

    /**
     * Writes the delivery updates in order, a guarded one only where the message is still in its
     * expected status, adding the jobs of those that applied to {@code jobs} (inserted later in the
     * same transaction); for those whose guard failed, keeps the higher attempt count. Returns the ids
     * of the existing messages whose guarded update did not apply. (One set-based {@code UPDATE ...
     * FROM unnest(...) RETURNING id} per chunk on PostgreSQL measured no better than this batch in
     * knock-bench scenario 3, twice, as in round 3; see BENCHMARKS.md.)
     */
    private static Set<String> updateDeliveries(DSLContext ctx, List<DeliveryUpdate> deliveries, List<Job> jobs) {
        if (deliveries.isEmpty()) return Set.of();
        List<Object[]> binds = new ArrayList<>(deliveries.size());
        for (DeliveryUpdate d : deliveries) {
            binds.add(new Object[] {d.status().name(), d.attempts(), millis(d.at()), d.messageId(),
                    d.expectedStatus() == null ? null : d.expectedStatus().name()});
        }
        int[] counts = Sql.batch(ctx, ctx.update(Messages.T).set(Messages.STATUS, p(Messages.STATUS)).set(Messages.ATTEMPTS, p(Messages.ATTEMPTS))
                .set(Messages.UPDATED_AT, p(Messages.UPDATED_AT))
                .where(Messages.ID.eq(p(Messages.ID)).and(Messages.STATUS.eq(DSL.coalesce(p(Messages.STATUS), Messages.STATUS)))), binds);
        List<DeliveryUpdate> notApplied = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) jobs.addAll(deliveries.get(i).jobsIfApplied());
            else if (deliveries.get(i).expectedStatus() != null) notApplied.add(deliveries.get(i));
        }
        return keepAttempts(ctx, notApplied);
    }

    /**
     * For guarded updates that did not apply (the message's status changed meanwhile, or it is gone):
     * raises the attempt count to theirs where it is lower, since the attempt happened, and returns
     * the ids of those messages that exist. Rare, so one statement per row is fine.
     */
    private static Set<String> keepAttempts(DSLContext ctx, List<DeliveryUpdate> notApplied) {
        if (notApplied.isEmpty()) return Set.of();
        List<Object[]> binds = new ArrayList<>(notApplied.size());
        Set<String> ids = new TreeSet<>();
        for (DeliveryUpdate d : notApplied) {
            binds.add(new Object[] {d.attempts(), d.messageId(), d.attempts()});
            ids.add(d.messageId());
        }
        Sql.batch(ctx, ctx.update(Messages.T).set(Messages.ATTEMPTS, p(Messages.ATTEMPTS))
                .where(Messages.ID.eq(p(Messages.ID)).and(Messages.ATTEMPTS.lt(p(Messages.ATTEMPTS)))), binds);
        Set<String> existing = new HashSet<>();
        for (List<String> chunk : Sql.chunks(List.copyOf(ids), Sql.MAX_IN)) {
            existing.addAll(ctx.select(Messages.ID).from(Messages.T).where(Messages.ID.in(chunk)).fetch(Messages.ID));
        }
        return existing;
    }
}
