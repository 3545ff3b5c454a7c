package io.github.knockj.core.memory;

import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunQuery;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.RunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link RunStore} of {@link InMemoryStore}: runs (written by {@link MemoryCommits}), their logs, the
 * runs of a trigger, lists across recipients, and cancellation.
 *
 * <p>Invariants: a cancel is one step under {@link MemoryState#lock}: it records the cancellation,
 * reads the candidates (runs of the workflow and cancellation key in
 * {@link Cancellation#candidateStatuses()}) with their batch state from {@link MemoryBatches}, asks
 * {@link Cancellation#stops} of each, and for each stopped run sets its status, removes its unleased
 * RUN jobs and its activities in open batches (handing a held batch over) and appends
 * {@link Cancellation#logEntry}. Single runs are read lock-free; logs and trigger indexes under the lock.
 */
final class MemoryRuns implements RunStore {
    private final MemoryState state;
    private final MemoryBatches batches;

    MemoryRuns(MemoryState state, MemoryBatches batches) {
        this.state = state;
        this.batches = batches;
    }

    @Override
    public Optional<WorkflowRun> findRun(String id) {
        return Optional.ofNullable(state.run(id));
    }

    @Override
    public Map<String, WorkflowRun> findRuns(Collection<String> ids) {
        Map<String, WorkflowRun> out = new HashMap<>();
        for (String id : ids) {
            WorkflowRun r = state.run(id);
            if (r != null) out.put(id, r);
        }
        return out;
    }

    @Override
    public List<WorkflowRun> runsOfTrigger(String triggerId, String afterRunId, int limit) {
        state.lock.lock();
        try {
            TriggerRuns t = state.runsByTrigger.get(triggerId);
            if (t == null) return List.of();
            List<String> ids = t.sorted();
            int from = 0;
            if (afterRunId != null) {
                int at = Collections.binarySearch(ids, afterRunId);
                from = at >= 0 ? at + 1 : -at - 1;
            }
            List<WorkflowRun> out = new ArrayList<>(Math.min(limit, 256));
            for (int i = from; i < ids.size() && out.size() < limit; i++) {
                WorkflowRun r = state.run(ids.get(i));
                if (r != null) out.add(r);
            }
            return out;
        } finally {
            state.lock.unlock();
        }
    }

    /** Reads every run (this store keeps no index by status or workflow), keeping the newest {@code limit} that match. */
    @Override
    public List<WorkflowRun> listRuns(RunQuery q) {
        Newest<WorkflowRun> top = new Newest<>(WorkflowRun::id, q.limit());
        for (RunEntry e : state.runs.values()) if (q.matches(e.run)) top.add(e.run);
        return top.list();
    }

    @Override
    public List<RunLogEntry> runLog(String runId) {
        state.lock.lock();
        try {
            RunEntry e = state.runs.get(runId);
            return e == null ? List.of() : e.log();
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public List<WorkflowRun> cancelRuns(Cancellation c, Instant now) {
        MemoryState s = state;
        s.lock.lock();
        try {
            String key = MemoryState.cancellationKey(c.workflowKey(), c.cancellationKey());
            s.cancellations.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
            Set<String> ids = s.runsByCancellationKey.getOrDefault(key, Set.of());
            List<WorkflowRun> cancelled = new ArrayList<>();
            for (String id : ids) {
                RunEntry entry = s.runs.get(id);
                WorkflowRun r = entry == null ? null : entry.run;
                if (r == null || !Cancellation.candidateStatuses().contains(r.status())) continue;
                if (!c.stops(r, batches.inOpenBatch(id), batches.holdsBatchBeingFlushed(id))) continue;
                WorkflowRun updated = r.withStatus(RunStatus.CANCELLED, now);
                entry.run = updated;
                cancelled.add(updated);
                for (String jobId : s.jobIdsOf(id)) {
                    Job j = s.jobs.get(jobId);
                    if (j.kind() == JobKind.RUN && j.owner() == null) s.removeJob(jobId);
                }
                batches.removeFromOpenBatches(id);
                entry.addLog(List.of(c.logEntry(id, now)));
            }
            return cancelled;
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public List<Cancellation> findCancellations(String workflowKey, String cancellationKey, Instant since) {
        state.lock.lock();
        try {
            List<Cancellation> out = new ArrayList<>();
            for (Cancellation c : state.cancellations.getOrDefault(MemoryState.cancellationKey(workflowKey, cancellationKey), List.of())) {
                if (!c.at().isBefore(since)) out.add(c);
            }
            return out;
        } finally {
            state.lock.unlock();
        }
    }
}
