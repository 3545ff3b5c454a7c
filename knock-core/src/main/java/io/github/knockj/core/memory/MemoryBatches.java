package io.github.knockj.core.memory;

import io.github.knockj.core.spi.BatchActivity;
import io.github.knockj.core.spi.BatchClose;
import io.github.knockj.core.spi.BatchJoin;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.BatchStore;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.StoreIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * {@link BatchStore} of {@link InMemoryStore}: batches and their activities, plus the batch facts a
 * cancel in {@link MemoryRuns} reads and writes under the same lock.
 *
 * <p>Invariants, all under {@link MemoryState#lock}: one open batch per key; a batch opens with its
 * flush job, which is due at the batch's close ({@code BatchRequest.afterJoin} moves both); a
 * flush-leading opener has no activity; a run asking again gets the same answer; the holder is the
 * run of the earliest remaining activity (not stored), so removing a cancelled holder's activity
 * hands the batch over.
 */
final class MemoryBatches implements BatchStore {
    private final MemoryState state;

    MemoryBatches(MemoryState state) {
        this.state = state;
    }

    @Override
    public BatchJoin addToBatch(BatchRequest req) {
        MemoryState s = state;
        s.lock.lock();
        try {
            String runId = req.activity().runId();
            String leadingBatch = s.leadingRunBatch.get(runId);
            if (leadingBatch != null) {
                return new BatchJoin(leadingBatch, BatchJoin.Outcome.LEADING, s.batches.get(leadingBatch).closeAt);
            }
            // a run asking again (open batch or one that has since closed) gets the same answer
            for (String id : s.batchesOfRun.getOrDefault(runId, List.of())) {
                BatchEntry joined = s.batches.get(id);
                if (joined.key.equals(req.key())) {
                    return new BatchJoin(joined.id, runId.equals(joined.holder()) ? BatchJoin.Outcome.HOLDER : BatchJoin.Outcome.JOINED, joined.closeAt);
                }
            }
            String openId = s.openBatchByKey.get(req.key());
            BatchEntry b = openId == null ? null : s.batches.get(openId);
            if (b == null) {
                String id = StoreIds.next();
                b = new BatchEntry(id, req.key(), req.closeAt(), req.maxCloseAt(), req.flushJobId());
                s.batches.put(id, b);
                s.openBatchByKey.put(req.key(), id);
                s.putJob(Job.create(req.flushJobId(), JobKind.FLUSH_BATCH, id, req.flushJobPayload(), req.closeAt(), req.now()));
                if (req.flushLeading()) {
                    s.leadingRunBatch.put(runId, id);
                    return new BatchJoin(id, BatchJoin.Outcome.LEADING, b.closeAt);
                }
            }
            b.activities.add(req.activity());
            s.batchesOfRun.computeIfAbsent(runId, k -> new ArrayList<>(1)).add(b.id);
            BatchJoin.Outcome outcome = runId.equals(b.holder()) ? BatchJoin.Outcome.HOLDER : BatchJoin.Outcome.JOINED;
            BatchRequest.Window window = req.afterJoin(b.closeAt, b.maxCloseAt, b.activities.size());
            if (!window.closeAt().equals(b.closeAt)) moveClose(b, window.closeAt());
            if (window.close()) {
                b.open = false;
                s.openBatchByKey.remove(b.key);
            }
            return new BatchJoin(b.id, outcome, b.closeAt);
        } finally {
            s.lock.unlock();
        }
    }

    /** Moves a batch's close and its flush job's due time with it, unless the flush job is already leased. Lock held. */
    private void moveClose(BatchEntry b, Instant closeAt) {
        b.closeAt = closeAt;
        Job flush = state.jobs.get(b.flushJobId);
        if (flush != null && flush.owner() == null) {
            state.removeJob(flush.id());
            state.putJob(new Job(flush.id(), flush.kind(), flush.target(), flush.payload(), closeAt, flush.attempts(), null, null, flush.createdAt()));
        }
    }

    @Override
    public Optional<BatchClose> closeBatch(String batchId, Instant now, int activityLimit, boolean lastActivities, int actorLimit) {
        MemoryState s = state;
        s.lock.lock();
        try {
            BatchEntry b = s.batches.get(batchId);
            if (b == null) return Optional.empty();
            if (b.open && b.closeAt.isAfter(now)) return Optional.of(BatchClose.notDue(b.closeAt));
            if (b.open) {
                b.open = false;
                s.openBatchByKey.remove(b.key, b.id);
            }
            List<BatchActivity> all = b.activities;
            List<BatchActivity> shown = lastActivities
                    ? List.copyOf(all.subList(Math.max(0, all.size() - activityLimit), all.size()))
                    : List.copyOf(all.subList(0, Math.min(activityLimit, all.size())));
            LinkedHashMap<String, Boolean> actors = new LinkedHashMap<>();
            for (BatchActivity a : all) {
                if (a.actorId() != null) actors.putIfAbsent(a.actorId(), Boolean.TRUE);
            }
            List<String> actorIds = new ArrayList<>(actors.keySet());
            return Optional.of(new BatchClose(true, b.closeAt, b.holder(), all.size(), actorIds.size(), shown,
                    List.copyOf(actorIds.subList(0, Math.min(actorLimit, actorIds.size())))));
        } finally {
            s.lock.unlock();
        }
    }

    /** Whether the run has an activity in an open batch. Lock held. */
    boolean inOpenBatch(String runId) {
        for (String id : state.batchesOfRun.getOrDefault(runId, List.of())) {
            if (state.batches.get(id).open) return true;
        }
        return false;
    }

    /** Whether the run holds a closed batch whose flush job has not finished: the digest is on its way. Lock held. */
    boolean holdsBatchBeingFlushed(String runId) {
        for (String id : state.batchesOfRun.getOrDefault(runId, List.of())) {
            BatchEntry b = state.batches.get(id);
            if (!b.open && runId.equals(b.holder()) && state.jobs.containsKey(b.flushJobId)) return true;
        }
        return false;
    }

    /** Removes the run's activities from open batches (a batch it held passes to its next activity's run). Lock held. */
    void removeFromOpenBatches(String runId) {
        List<String> ids = state.batchesOfRun.get(runId);
        if (ids == null) return;
        for (var it = ids.iterator(); it.hasNext(); ) {
            BatchEntry b = state.batches.get(it.next());
            if (!b.open) continue;
            b.activities.removeIf(a -> a.runId().equals(runId));
            it.remove();
        }
        if (ids.isEmpty()) state.batchesOfRun.remove(runId);
    }
}
