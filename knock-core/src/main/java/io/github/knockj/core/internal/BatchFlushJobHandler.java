package io.github.knockj.core.internal;

import io.github.knockj.core.BatchStep;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.BatchClose;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobKind#FLUSH_BATCH}: closes a batch when its window ends (rescheduling the job if the window
 * was extended) and continues the run holding it, with the batch's activities and actors in its
 * state. The payload ({@link BatchFlushPayload}) names the batch step.
 */
final class BatchFlushJobHandler implements JobHandler.InChunk {
    private static final Logger log = LoggerFactory.getLogger(BatchFlushJobHandler.class);

    private final Store store;
    private final Map<String, Workflow> workflows;
    private final RunAdvancer runs;

    BatchFlushJobHandler(Store store, Map<String, Workflow> workflows, RunAdvancer runs) {
        this.store = store;
        this.workflows = workflows;
        this.runs = runs;
    }

    @Override
    public JobKind kind() {
        return JobKind.FLUSH_BATCH;
    }

    @Override
    public void handle(Job job, ChangeSet cs, WorkChunk chunk) {
        Instant now = chunk.now();
        BatchFlushPayload where;
        try {
            where = BatchFlushPayload.decode(job.payload());
        } catch (IllegalArgumentException e) {
            log.error("batch {} has an unreadable flush job ({}); it is dropped", job.target(), e.getMessage());
            cs.completedJobs().add(job.id());
            return;
        }
        Workflow wf = workflows.get(where.workflowKey());
        if (wf == null) {
            flushUnregistered(job, cs, now);
            return;
        }
        if (!(wf.step(where.stepRef()).orElse(null) instanceof BatchStep step)) {
            log.error("batch {} belongs to a step that is no longer registered ({}); it is dropped", job.target(), job.payload());
            cs.completedJobs().add(job.id());
            return;
        }
        Optional<BatchClose> closed = store.closeBatch(job.target(), now, step.renderLimit(), step.keepsLast(), step.renderLimit());
        if (closed.isEmpty()) {
            cs.completedJobs().add(job.id());
            return;
        }
        BatchClose b = closed.get();
        if (!b.due()) {
            cs.rescheduledJobs().add(new ChangeSet.Reschedule(job.id(), b.closeAt(), job.attempts()));
            return;
        }
        cs.completedJobs().add(job.id());
        if (b.holderRunId() == null) {
            log.debug("batch {} closed empty (every activity was cancelled)", job.target());
            return;
        }
        WorkflowRun run = store.findRun(b.holderRunId()).orElse(null);
        if (run == null || run.status() == RunStatus.CANCELLED || run.status() == RunStatus.COMPLETED || run.status() == RunStatus.FAILED) {
            return;
        }
        RunState s = runs.load(run, wf, chunk);
        if (run.status() != RunStatus.PAUSED || !job.target().equals(run.state().get("batch_id"))) {
            // the holder was cancelled and this absorbed run carries the batch now
            s.moveAfter(step);
            s.putState("batch_id", job.target());
        }
        Set<String> actorIds = new HashSet<>(b.actorIds());
        for (var a : b.activities()) if (a.actorId() != null) actorIds.add(a.actorId());
        Map<String, User> actors = actorIds.isEmpty() ? Map.of() : store.findUsers(actorIds);
        List<Object> activities = new ArrayList<>(b.activities().size());
        Map<String, Object> merged = s.data();
        for (var a : b.activities()) {
            Map<String, Object> am = new LinkedHashMap<>();
            User actor = a.actorId() == null ? null : actors.get(a.actorId());
            am.put("actor", actor != null ? actor.toTemplateMap() : a.actorId() == null ? null : Map.of("id", a.actorId()));
            am.put("data", a.data());
            am.put("inserted_at", a.at().toString());
            activities.add(Collections.unmodifiableMap(am));
            merged = Json.shallowMerge(merged, a.data());
        }
        List<Object> actorMaps = new ArrayList<>();
        for (String id : b.actorIds()) {
            User u = actors.get(id);
            actorMaps.add(u != null ? u.toTemplateMap() : Map.of("id", id));
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("total_activities", b.totalActivities());
        vars.put("total_actors", b.totalActors());
        vars.put("activities", List.copyOf(activities));
        vars.put("actors", List.copyOf(actorMaps));
        s.putState("batch", Collections.unmodifiableMap(vars));
        s.setData(merged);
        chunk.flushes.add(new WorkChunk.Flush(wf.key(), step.ref(),
                now.isAfter(b.closeAt()) ? java.time.Duration.between(b.closeAt(), now) : java.time.Duration.ZERO));
        s.log(step.ref(), RunLogEntry.Outcome.BATCH_FLUSHED, b.totalActivities() + " activities from " + b.totalActors() + " actors");
        runs.advanceNow(s, cs, now);
    }

    /** A batch of a workflow this Notifier does not have: its run ends failed when the batch closes. */
    private void flushUnregistered(Job job, ChangeSet cs, Instant now) {
        Optional<BatchClose> closed = store.closeBatch(job.target(), now, 1, false, 1);
        if (closed.isPresent() && !closed.get().due()) {
            cs.rescheduledJobs().add(new ChangeSet.Reschedule(job.id(), closed.get().closeAt(), job.attempts()));
            return;
        }
        cs.completedJobs().add(job.id());
        String holder = closed.map(BatchClose::holderRunId).orElse(null);
        WorkflowRun run = holder == null ? null : store.findRun(holder).orElse(null);
        if (run != null && !run.status().isTerminal()) runs.failUnregistered(run, cs, now);
    }
}
