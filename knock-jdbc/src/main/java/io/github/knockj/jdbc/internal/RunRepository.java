package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.millis;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunQuery;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.CommitResult;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.TriggerRecord;
import io.github.knockj.jdbc.internal.Schema.Cancellations;
import io.github.knockj.jdbc.internal.Schema.Jobs;
import io.github.knockj.jdbc.internal.Schema.RunLog;
import io.github.knockj.jdbc.internal.Schema.Runs;
import io.github.knockj.jdbc.internal.Schema.Triggers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/** Triggers, runs, their logs, commits and cancellation. */
public final class RunRepository {
    private final Tx tx;
    private final CommitWriter writer;
    private final BatchRepository batches;

    public RunRepository(Tx tx, BatchRepository batches) {
        this.tx = tx;
        this.writer = new CommitWriter(tx.dialect());
        this.batches = batches;
    }

    public CommitResult commit(ChangeSet changes) {
        if (changes.isEmpty()) return CommitResult.NONE_SKIPPED;
        return tx.run("commit", ctx -> writer.apply(ctx, changes));
    }

    public Optional<TriggerRecord> findTrigger(String id) {
        return tx.run("findTrigger", ctx -> ctx.select(Mapping.TRIGGER_FIELDS).from(Triggers.T).where(Triggers.ID.eq(id))
                .fetchOptional().map(Mapping::trigger));
    }

    public Map<String, TriggerRecord> findTriggers(Collection<String> ids) {
        if (ids.isEmpty()) return Map.of();
        return tx.run("findTriggers", ctx -> {
            Map<String, TriggerRecord> out = new HashMap<>();
            for (List<String> chunk : Sql.chunks(List.copyOf(new HashSet<>(ids)), Sql.MAX_IN)) {
                ctx.select(Mapping.TRIGGER_FIELDS).from(Triggers.T).where(Triggers.ID.in(chunk)).fetch()
                        .forEach(r -> out.put(r.get(Triggers.ID), Mapping.trigger(r)));
            }
            return out;
        });
    }

    public Optional<WorkflowRun> findRun(String id) {
        return tx.run("findRun", ctx -> ctx.select(Mapping.RUN_FIELDS).from(Runs.T).where(Runs.ID.eq(id))
                .fetchOptional().map(Mapping::run));
    }

    public Map<String, WorkflowRun> findRuns(Collection<String> ids) {
        if (ids.isEmpty()) return Map.of();
        return tx.run("findRuns", ctx -> {
            Map<String, WorkflowRun> out = new HashMap<>();
            for (List<String> chunk : Sql.chunks(List.copyOf(new HashSet<>(ids)), Sql.MAX_IN)) {
                ctx.select(Mapping.RUN_FIELDS).from(Runs.T).where(Runs.ID.in(chunk)).fetch()
                        .forEach(r -> out.put(r.get(Runs.ID), Mapping.run(r)));
            }
            return out;
        });
    }

    public List<WorkflowRun> runsOfTrigger(String triggerId, String afterRunId, int limit) {
        return tx.run("runsOfTrigger", ctx -> ctx.select(Mapping.RUN_FIELDS).from(Runs.T)
                .where(Runs.TRIGGER_ID.eq(triggerId))
                .and(afterRunId == null ? DSL.noCondition() : Runs.ID.gt(afterRunId))
                .orderBy(Runs.ID).limit(limit)
                .fetch(Mapping::run));
    }

    /** Newest first by id; the status and workflow filters each have an index ending in id (V2). */
    public List<WorkflowRun> listRuns(RunQuery q) {
        Condition c = DSL.noCondition();
        if (q.status() != null) c = c.and(Runs.STATUS.eq(q.status().name()));
        if (q.workflowKey() != null) c = c.and(Runs.WORKFLOW_KEY.eq(q.workflowKey()));
        if (q.before() != null) c = c.and(Runs.ID.lt(q.before()));
        Condition where = c;
        return tx.run("listRuns", ctx -> ctx.select(Mapping.RUN_FIELDS).from(Runs.T).where(where)
                .orderBy(Runs.ID.desc()).limit(q.limit()).fetch(Mapping::run));
    }

    /**
     * The rows of {@code knock_run_log} (entries written before V5, by a run in flight across the
     * upgrade too), then the entries of the run row's log column, which every later entry went to.
     */
    public List<RunLogEntry> runLog(String runId) {
        return tx.run("runLog", ctx -> {
            List<RunLogEntry> out = new ArrayList<>(ctx.select(Mapping.LOG_FIELDS).from(RunLog.T).where(RunLog.RUN_ID.eq(runId))
                    .orderBy(RunLog.SEQ).fetch(Mapping::logEntry));
            ctx.select(Runs.LOG).from(Runs.T).where(Runs.ID.eq(runId)).fetchOptional(Runs.LOG)
                    .ifPresent(text -> out.addAll(RunLogText.decode(runId, text)));
            return out;
        });
    }

    public List<WorkflowRun> cancelRuns(Cancellation c, Instant now) {
        return tx.run("cancelRuns", ctx -> {
            ctx.insertInto(Cancellations.T, Cancellations.WORKFLOW_KEY, Cancellations.CANCELLATION_KEY, Cancellations.RECIPIENTS,
                    Cancellations.AT).values(c.workflowKey(), c.cancellationKey(), Codec.recipients(c.recipients()), millis(c.at()))
                    .execute();
            Condition which = Runs.WORKFLOW_KEY.eq(c.workflowKey()).and(Runs.CANCELLATION_KEY.eq(c.cancellationKey()))
                    .and(Runs.STATUS.in(Cancellation.candidateStatuses().stream().map(RunStatus::name).toList()));
            if (!c.recipients().isEmpty()) {
                which = which.and(Runs.RECIPIENT.in(c.recipients().stream().map(Recipient::key).toList()));
            }
            List<WorkflowRun> candidates = ctx.select(Mapping.RUN_FIELDS).from(Runs.T).where(which).orderBy(Runs.ID).forUpdate()
                    .fetch(Mapping::run);
            if (candidates.isEmpty()) return List.of();
            List<String> candidateIds = candidates.stream().map(WorkflowRun::id).toList();
            // hold the open batches these runs are in, so that none closes between deciding and removing
            batches.lockOpenBatchesOf(ctx, candidateIds);
            Set<String> inOpenBatch = batches.inOpenBatches(ctx, candidateIds);
            Set<String> flushing = batches.holdersOfBatchesBeingFlushed(ctx, candidateIds);
            List<WorkflowRun> cancelled = new ArrayList<>();
            for (WorkflowRun r : candidates) {
                if (c.stops(r, inOpenBatch.contains(r.id()), flushing.contains(r.id()))) cancelled.add(r.withStatus(RunStatus.CANCELLED, now));
            }
            if (cancelled.isEmpty()) return cancelled;
            List<String> ids = cancelled.stream().map(WorkflowRun::id).toList();
            // the cancel entry is appended in the update that cancels; its line holds no run id, so one serves every run
            String line = RunLogText.lines(List.of(c.logEntry(ids.get(0), now)));
            for (List<String> chunk : Sql.chunks(ids, Sql.MAX_IN)) {
                ctx.update(Runs.T).set(Runs.STATUS, RunStatus.CANCELLED.name()).set(Runs.VERSION, Runs.VERSION.plus(1))
                        .set(Runs.UPDATED_AT, millis(now)).set(Runs.LOG, CommitWriter.appendLog(DSL.val(line, Runs.LOG)))
                        .where(Runs.ID.in(chunk)).execute();
                ctx.deleteFrom(Jobs.T).where(Jobs.TARGET.in(chunk).and(Jobs.KIND.eq(JobKind.RUN.name())).and(Jobs.OWNER.isNull())).execute();
            }
            batches.removeActivities(ctx, ids);
            return cancelled;
        });
    }

    public List<Cancellation> findCancellations(String workflowKey, String cancellationKey, Instant since) {
        return tx.run("findCancellations", ctx -> ctx.select(Cancellations.WORKFLOW_KEY, Cancellations.CANCELLATION_KEY,
                        Cancellations.RECIPIENTS, Cancellations.AT)
                .from(Cancellations.T)
                .where(Cancellations.WORKFLOW_KEY.eq(workflowKey).and(Cancellations.CANCELLATION_KEY.eq(cancellationKey))
                        .and(Cancellations.AT.ge(millis(since))))
                .orderBy(Cancellations.SEQ)
                .fetch(r -> new Cancellation(r.get(Cancellations.WORKFLOW_KEY), r.get(Cancellations.CANCELLATION_KEY),
                        Codec.recipients(r.get(Cancellations.RECIPIENTS)), Codec.instant(r.get(Cancellations.AT)))));
    }
}
