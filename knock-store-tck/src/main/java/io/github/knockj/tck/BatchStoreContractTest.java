package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.BatchActivity;
import io.github.knockj.core.spi.BatchClose;
import io.github.knockj.core.spi.BatchJoin;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Certifies {@link io.github.knockj.core.spi.BatchStore BatchStore}, method by method, without an
 * engine: batches: the first activity holds, later ones join, the flush job is due at the close,
 * closing returns the activities and actors (again the same); requests made together answer as if made
 * one by one; concurrent requests open one batch per key and lose nothing; maximum activities, sliding
 * windows bounded by a maximum, flush-leading items; and how a batch meets cancellation (the holder
 * handed over, an absorbed run removed while the batch is open, the holder of a closed batch not
 * cancelled while its flush is pending).
 *
 * <p>It also needs {@link io.github.knockj.core.spi.JobQueue JobQueue}, {@link
 * io.github.knockj.core.spi.RunStore RunStore}, {@link io.github.knockj.core.spi.ChangeSetStore
 * ChangeSetStore} to set up and read back state. A store certifies this role by extending this class
 * and implementing {@link #newStore()}; see {@link RoleContractTestBase} for the fixtures.
 */
public abstract class BatchStoreContractTest extends RoleContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected BatchStoreContractTest() {}

    private BatchRequest batchRequest(String key, String runId, String actor, Instant now, Duration window, Duration sliding,
                                      Instant maxCloseAt, int max, boolean leading) {
        return new BatchRequest(key, new BatchActivity(runId, actor, Map.of("run", runId), now), now, now.plus(window), sliding,
                maxCloseAt, max, leading, nextId(), "wf\nbatch");
    }

    @Test
    void firstActivityHoldsTheBatchLaterOnesJoinAndCloseReturnsThem() {
        Duration w = Duration.ofMinutes(5);
        BatchJoin first = store.addToBatch(batchRequest("k", "R1", "a1", T0, w, null, null, 0, false));
        assertThat(first.outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        assertThat(first.closeAt()).isEqualTo(T0.plus(w));
        BatchJoin second = store.addToBatch(batchRequest("k", "R2", "a2", T0.plusSeconds(10), w, null, null, 0, false));
        assertThat(second).isEqualTo(new BatchJoin(first.batchId(), BatchJoin.Outcome.JOINED, T0.plus(w)));
        store.addToBatch(batchRequest("k", "R3", "a1", T0.plusSeconds(20), w, null, null, 0, false));
        // asking again for a run gives the same answer and adds nothing
        assertThat(store.addToBatch(batchRequest("k", "R2", "a2", T0.plusSeconds(30), w, null, null, 0, false))).isEqualTo(second);
        assertThat(store.addToBatch(batchRequest("k", "R1", "a1", T0.plusSeconds(30), w, null, null, 0, false)).outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        // another key: another batch
        assertThat(store.addToBatch(batchRequest("other", "R9", "a1", T0, w, null, null, 0, false)).batchId()).isNotEqualTo(first.batchId());

        // the flush job was created due at the close
        assertThat(store.claimJobs("x", T0.plus(w).minusMillis(1), T0.plus(w).plusSeconds(60), 10)).isEmpty();
        List<Job> flush = store.claimJobs("x", T0.plus(w), T0.plus(w).plusSeconds(60), 10);
        assertThat(flush).extracting(Job::kind).containsOnly(JobKind.FLUSH_BATCH);
        assertThat(flush).filteredOn(j -> j.target().equals(first.batchId())).singleElement()
                .satisfies(j -> assertThat(j.payload()).isEqualTo("wf\nbatch"));

        assertThat(store.closeBatch(first.batchId(), T0.plusSeconds(60), 10, false, 10)).hasValue(BatchClose.notDue(T0.plus(w)));
        BatchClose closed = store.closeBatch(first.batchId(), T0.plus(w), 2, false, 10).orElseThrow();
        assertThat(closed.due()).isTrue();
        assertThat(closed.holderRunId()).isEqualTo("R1");
        assertThat(closed.totalActivities()).isEqualTo(3);
        assertThat(closed.totalActors()).isEqualTo(2);
        assertThat(closed.activities()).extracting(BatchActivity::runId).containsExactly("R1", "R2");
        assertThat(closed.activities().get(1).data()).isEqualTo(Map.of("run", "R2"));
        assertThat(closed.actorIds()).containsExactly("a1", "a2");
        assertThat(store.closeBatch(first.batchId(), T0.plus(w).plusSeconds(5), 2, false, 10)).hasValue(closed);
        assertThat(store.closeBatch(first.batchId(), T0.plus(w), 2, true, 1).orElseThrow().activities())
                .extracting(BatchActivity::runId).containsExactly("R2", "R3");
        // after the close a new activity opens a new batch
        BatchJoin next = store.addToBatch(batchRequest("k", "R4", "a1", T0.plus(w).plusSeconds(1), w, null, null, 0, false));
        assertThat(next.outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        assertThat(next.batchId()).isNotEqualTo(first.batchId());
        assertThat(store.closeBatch("no-such-batch", T0, 10, false, 10)).isEmpty();
    }

    @Test
    void batchRequestsMadeTogetherAnswerInListOrderAsIfMadeOneByOne() {
        Duration w = Duration.ofMinutes(5);
        List<BatchRequest> requests = List.of(
                batchRequest("k", "R1", "a1", T0, w, null, null, 0, false),
                batchRequest("other", "R9", "a1", T0, w, null, null, 0, false),
                batchRequest("k", "R2", "a2", T0, w, null, null, 0, false),
                batchRequest("k", "R1", "a1", T0, w, null, null, 0, false));
        List<BatchJoin> joins = store.addToBatches(requests);
        assertThat(joins).hasSize(4);
        assertThat(joins.get(0).outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        assertThat(joins.get(1).outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        assertThat(joins.get(1).batchId()).isNotEqualTo(joins.get(0).batchId());
        assertThat(joins.get(2)).isEqualTo(new BatchJoin(joins.get(0).batchId(), BatchJoin.Outcome.JOINED, T0.plus(w)));
        assertThat(joins.get(3)).isEqualTo(joins.get(0));
        // made again whole, as after a failure: the same answers, nothing added twice
        assertThat(store.addToBatches(requests)).isEqualTo(joins);
        assertThat(store.closeBatch(joins.get(0).batchId(), T0.plus(w), 10, false, 10).orElseThrow().activities())
                .extracting(BatchActivity::runId).containsExactly("R1", "R2");
        assertThat(store.addToBatches(List.of())).isEmpty();
    }

    @Test
    void concurrentBatchRequestsOverlappingInAnyOrderFillOneBatchPerKey() throws Exception {
        int threads = 6, keys = 8;
        Duration w = Duration.ofMinutes(5);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<BatchJoin>>> calls = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<BatchRequest> requests = new ArrayList<>();
                for (int k = 0; k < keys; k++) requests.add(batchRequest("k" + k, "R" + t + "-" + k, "a" + t, T0, w, null, null, 0, false));
                Collections.shuffle(requests, new java.util.Random(t));
                calls.add(pool.submit(() -> {
                    start.await();
                    return store.addToBatches(requests);
                }));
            }
            start.countDown();
            for (Future<List<BatchJoin>> f : calls) {
                for (BatchJoin j : f.get(60, TimeUnit.SECONDS)) assertThat(j.outcome()).isIn(BatchJoin.Outcome.HOLDER, BatchJoin.Outcome.JOINED);
            }
            // each key has one batch, holding every thread's activity
            Set<String> batches = new HashSet<>();
            for (int k = 0; k < keys; k++) {
                BatchJoin one = store.addToBatch(batchRequest("k" + k, "R0-" + k, "a0", T0, w, null, null, 0, false));
                batches.add(one.batchId());
                BatchClose closed = store.closeBatch(one.batchId(), T0.plus(w), 100, false, 100).orElseThrow();
                assertThat(closed.totalActivities()).as("activities of k%d", k).isEqualTo(threads);
                assertThat(closed.actorIds()).hasSize(threads);
            }
            assertThat(batches).hasSize(keys);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void maxActivitiesClosesTheBatchAtOnce() {
        Duration w = Duration.ofHours(1);
        BatchJoin b = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 3, false));
        store.addToBatch(batchRequest("k", "R2", null, T0.plusSeconds(1), w, null, null, 3, false));
        BatchJoin third = store.addToBatch(batchRequest("k", "R3", null, T0.plusSeconds(2), w, null, null, 3, false));
        assertThat(third.closeAt()).isEqualTo(T0.plusSeconds(2));
        BatchJoin fourth = store.addToBatch(batchRequest("k", "R4", null, T0.plusSeconds(3), w, null, null, 3, false));
        assertThat(fourth.batchId()).isNotEqualTo(b.batchId());
        assertThat(fourth.outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        BatchClose closed = store.closeBatch(b.batchId(), T0.plusSeconds(2), 10, false, 10).orElseThrow();
        assertThat(closed.totalActivities()).isEqualTo(3);
        assertThat(closed.totalActors()).isZero();
    }

    @Test
    void slidingWindowMovesTheCloseButNotBeyondTheMaximum() {
        Duration w = Duration.ofMinutes(1);
        Instant max = T0.plusSeconds(150);
        BatchJoin b = store.addToBatch(batchRequest("k", "R1", null, T0, w, w, max, 0, false));
        assertThat(b.closeAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(store.addToBatch(batchRequest("k", "R2", null, T0.plusSeconds(50), w, w, max, 0, false)).closeAt()).isEqualTo(T0.plusSeconds(110));
        assertThat(store.addToBatch(batchRequest("k", "R3", null, T0.plusSeconds(100), w, w, max, 0, false)).closeAt()).isEqualTo(max);
        assertThat(store.closeBatch(b.batchId(), T0.plusSeconds(120), 10, false, 10)).hasValue(BatchClose.notDue(max));
        assertThat(store.claimJobs("x", T0.plusSeconds(149), T0.plusSeconds(300), 10)).isEmpty();
        assertThat(store.claimJobs("x", max, T0.plusSeconds(300), 10)).hasSize(1);
    }

    @Test
    void flushLeadingItemIsNotCollectedAndTheFirstRealActivityHolds() {
        Duration w = Duration.ofMinutes(5);
        BatchJoin lead = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 0, true));
        assertThat(lead.outcome()).isEqualTo(BatchJoin.Outcome.LEADING);
        assertThat(store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 0, true)).outcome()).isEqualTo(BatchJoin.Outcome.LEADING);
        assertThat(store.addToBatch(batchRequest("k", "R2", null, T0.plusSeconds(1), w, null, null, 0, true)).outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        assertThat(store.addToBatch(batchRequest("k", "R3", null, T0.plusSeconds(2), w, null, null, 0, true)).outcome()).isEqualTo(BatchJoin.Outcome.JOINED);
        BatchClose closed = store.closeBatch(lead.batchId(), T0.plus(w), 10, false, 10).orElseThrow();
        assertThat(closed.holderRunId()).isEqualTo("R2");
        assertThat(closed.totalActivities()).isEqualTo(2);
    }

    @Test
    void leadingBatchWithoutFurtherActivityClosesEmpty() {
        BatchJoin lead = store.addToBatch(batchRequest("k", "R1", null, T0, Duration.ofMinutes(1), null, null, 0, true));
        BatchClose closed = store.closeBatch(lead.batchId(), T0.plusSeconds(60), 10, false, 10).orElseThrow();
        assertThat(closed.holderRunId()).isNull();
        assertThat(closed.totalActivities()).isZero();
    }

    @Test
    void cancellingTheHolderHandsTheBatchToTheNextActivity() {
        Duration w = Duration.ofMinutes(5);
        commitRun(run("R1", "T1", "u1", RunStatus.PAUSED, 1), true);
        commitRun(new WorkflowRun("R2", "T2", "wf", Recipient.user("u1"), null, null, Map.of(), "other-key", RunStatus.ABSORBED,
                null, Map.of(), 0, false, T0, T0, 1), true);
        BatchJoin b = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 0, false));
        store.addToBatch(batchRequest("k", "R2", null, T0.plusSeconds(1), w, null, null, 0, false));
        store.cancelRuns(new Cancellation("wf", "ck", List.of(), T0.plusSeconds(2)), T0.plusSeconds(2));
        BatchClose closed = store.closeBatch(b.batchId(), T0.plus(w), 10, false, 10).orElseThrow();
        assertThat(closed.holderRunId()).isEqualTo("R2");
        assertThat(closed.totalActivities()).isEqualTo(1);
    }

    @Test
    void concurrentActivitiesForOneKeyOpenExactlyOneBatchAndLoseNothing() throws Exception {
        int threads = 8, perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<BatchJoin>>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            fs.add(pool.submit(() -> {
                start.await();
                List<BatchJoin> out = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    out.add(store.addToBatch(batchRequest("hot", "R" + thread + "-" + i, "a" + (i % 7), T0, Duration.ofMinutes(1), null, null, 0, false)));
                }
                return out;
            }));
        }
        start.countDown();
        List<BatchJoin> joins = new ArrayList<>();
        for (Future<List<BatchJoin>> f : fs) joins.addAll(f.get(60, TimeUnit.SECONDS));
        pool.shutdown();
        Set<String> batchIds = new HashSet<>();
        joins.forEach(j -> batchIds.add(j.batchId()));
        assertThat(batchIds).hasSize(1);
        assertThat(joins).filteredOn(j -> j.outcome() == BatchJoin.Outcome.HOLDER).hasSize(1);
        BatchClose closed = store.closeBatch(batchIds.iterator().next(), T0.plusSeconds(60), 1000, false, 100).orElseThrow();
        assertThat(closed.totalActivities()).isEqualTo(threads * perThread);
        assertThat(closed.totalActors()).isEqualTo(7);
        assertThat(closed.activities()).extracting(BatchActivity::runId).doesNotHaveDuplicates().hasSize(threads * perThread);
    }

    @Test
    void cancellingAnAbsorbedRunRemovesItsActivityOnlyWhileTheBatchIsOpen() {
        Duration w = Duration.ofMinutes(5);
        commitRun(run("R1", "T1", "u1", RunStatus.PAUSED, 1), true);
        WorkflowRun absorbed = new WorkflowRun("R2", "T2", "wf", Recipient.user("u1"), null, null, Map.of(), "late", RunStatus.ABSORBED,
                null, Map.of(), 0, false, T0, T0, 1);
        WorkflowRun closedOut = new WorkflowRun("R3", "T3", "wf", Recipient.user("u1"), null, null, Map.of(), "late", RunStatus.ABSORBED,
                null, Map.of(), 0, false, T0, T0, 1);
        commitRun(absorbed, true);
        commitRun(closedOut, true);
        BatchJoin closing = store.addToBatch(batchRequest("k0", "R9", null, T0, w, null, null, 0, false));
        store.addToBatch(batchRequest("k0", "R3", null, T0, w, null, null, 0, false));
        store.closeBatch(closing.batchId(), T0.plus(w), 10, false, 10);
        BatchJoin open = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 0, false));
        store.addToBatch(batchRequest("k", "R2", null, T0, w, null, null, 0, false));

        List<WorkflowRun> cancelled = store.cancelRuns(new Cancellation("wf", "late", List.of(), T0.plusSeconds(1)), T0.plusSeconds(1));
        assertThat(cancelled).extracting(WorkflowRun::id).containsExactly("R2");
        assertThat(store.findRun("R3").orElseThrow().status()).isEqualTo(RunStatus.ABSORBED);
        BatchClose closed = store.closeBatch(open.batchId(), T0.plus(w), 10, false, 10).orElseThrow();
        assertThat(closed.activities()).extracting(BatchActivity::runId).containsExactly("R1");
        assertThat(store.closeBatch(closing.batchId(), T0.plus(w), 10, false, 10).orElseThrow().totalActivities()).isEqualTo(2);
    }

    @Test
    void theHolderOfAClosedBatchIsNotCancelledWhileItsFlushIsPending() {
        Duration w = Duration.ofMinutes(5);
        commitRun(run("R1", "T1", "u1", RunStatus.PAUSED, 1), true);
        BatchJoin b = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 0, false));
        store.addToBatch(batchRequest("k", "R2", null, T0, w, null, null, 0, false));
        List<Job> flush = store.claimJobs("w", T0.plus(w), T0.plus(w).plusSeconds(60), 10);
        store.closeBatch(b.batchId(), T0.plus(w), 10, false, 10);
        assertThat(store.cancelRuns(new Cancellation("wf", "ck", List.of(), T0.plus(w)), T0.plus(w))).isEmpty();
        assertThat(store.findRun("R1").orElseThrow().status()).isEqualTo(RunStatus.PAUSED);
        ChangeSet done = new ChangeSet("w");
        done.completedJobs().add(flush.get(0).id());
        store.commit(done);
        // once the flush is done, the run (say, paused in a later delay) is cancellable again
        assertThat(store.cancelRuns(new Cancellation("wf", "ck", List.of(), T0.plus(w)), T0.plus(w))).extracting(WorkflowRun::id).containsExactly("R1");
    }

    // the holder of a batch is the run of its earliest remaining activity, in every join path

    private WorkflowRun absorbed(String id, String cancellationKey) {
        return new WorkflowRun(id, "T-" + id, "wf", Recipient.user("u1"), null, null, Map.of(), cancellationKey, RunStatus.ABSORBED,
                null, Map.of(), 0, false, T0, T0, 1);
    }

    @Test
    void aCancelledHoldersBatchPassesToTheEarliestRemainingActivityForEveryLaterJoin() {
        Duration w = Duration.ofMinutes(5);
        commitRun(run("R1", "T1", "u1", RunStatus.PAUSED, 1), true);
        commitRun(absorbed("R2", "other-key"), true);
        commitRun(absorbed("R3", "other-key"), true);
        BatchJoin b = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 0, false));
        store.addToBatch(batchRequest("k", "R2", null, T0.plusSeconds(1), w, null, null, 0, false));
        store.addToBatch(batchRequest("k", "R3", null, T0.plusSeconds(2), w, null, null, 0, false));
        assertThat(store.cancelRuns(new Cancellation("wf", "ck", List.of(), T0.plusSeconds(3)), T0.plusSeconds(3)))
                .extracting(WorkflowRun::id).containsExactly("R1");
        // asking again: the run that now holds the batch is told so; the others still joined
        assertThat(store.addToBatch(batchRequest("k", "R2", null, T0.plusSeconds(4), w, null, null, 0, false)))
                .isEqualTo(new BatchJoin(b.batchId(), BatchJoin.Outcome.HOLDER, T0.plus(w)));
        assertThat(store.addToBatches(List.of(batchRequest("k", "R3", null, T0.plusSeconds(4), w, null, null, 0, false))))
                .containsExactly(new BatchJoin(b.batchId(), BatchJoin.Outcome.JOINED, T0.plus(w)));
        assertThat(store.addToBatches(List.of(batchRequest("k", "R4", null, T0.plusSeconds(5), w, null, null, 0, false))))
                .containsExactly(new BatchJoin(b.batchId(), BatchJoin.Outcome.JOINED, T0.plus(w)));
        BatchClose closed = store.closeBatch(b.batchId(), T0.plus(w), 10, false, 10).orElseThrow();
        assertThat(closed.holderRunId()).isEqualTo("R2");
        assertThat(closed.activities()).extracting(BatchActivity::runId).containsExactly("R2", "R3", "R4");
    }

    @Test
    void aBatchWhoseEveryActivityWasCancelledGoesToItsNextJoinerAlone() {
        Duration w = Duration.ofMinutes(5);
        commitRun(run("R1", "T1", "u1", RunStatus.PAUSED, 1), true);
        commitRun(run("R5", "T5", "u1", RunStatus.PAUSED, 1), true);
        BatchJoin one = store.addToBatch(batchRequest("k1", "R1", null, T0, w, null, null, 0, false));
        BatchJoin bulk = store.addToBatches(List.of(batchRequest("k2", "R5", null, T0, w, null, null, 0, false))).get(0);
        assertThat(store.cancelRuns(new Cancellation("wf", "ck", List.of(), T0.plusSeconds(1)), T0.plusSeconds(1)))
                .extracting(WorkflowRun::id).containsExactlyInAnyOrder("R1", "R5");
        assertThat(store.addToBatch(batchRequest("k1", "R6", null, T0.plusSeconds(2), w, null, null, 0, false)))
                .isEqualTo(new BatchJoin(one.batchId(), BatchJoin.Outcome.HOLDER, T0.plus(w)));
        assertThat(store.addToBatches(List.of(batchRequest("k2", "R7", null, T0.plusSeconds(2), w, null, null, 0, false),
                batchRequest("k2", "R8", null, T0.plusSeconds(2), w, null, null, 0, false)))).containsExactly(
                new BatchJoin(bulk.batchId(), BatchJoin.Outcome.HOLDER, T0.plus(w)),
                new BatchJoin(bulk.batchId(), BatchJoin.Outcome.JOINED, T0.plus(w)));
        assertThat(store.closeBatch(one.batchId(), T0.plus(w), 10, false, 10).orElseThrow().holderRunId()).isEqualTo("R6");
        assertThat(store.closeBatch(bulk.batchId(), T0.plus(w), 10, false, 10).orElseThrow().holderRunId()).isEqualTo("R7");
    }

    @Test
    void inAFlushLeadingBatchTheHolderPassesOverTheLeadingRunAndCancelledActivitiesLeaveTheCount() {
        Duration w = Duration.ofMinutes(5);
        commitRun(run("R2", "T2", "u1", RunStatus.PAUSED, 1), true);
        commitRun(absorbed("R3", "other-key"), true);
        BatchJoin lead = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 3, true));
        assertThat(lead.outcome()).isEqualTo(BatchJoin.Outcome.LEADING);
        assertThat(store.addToBatch(batchRequest("k", "R2", null, T0.plusSeconds(1), w, null, null, 3, true)).outcome())
                .isEqualTo(BatchJoin.Outcome.HOLDER);
        assertThat(store.addToBatch(batchRequest("k", "R3", null, T0.plusSeconds(2), w, null, null, 3, true)).outcome())
                .isEqualTo(BatchJoin.Outcome.JOINED);
        store.cancelRuns(new Cancellation("wf", "ck", List.of(), T0.plusSeconds(3)), T0.plusSeconds(3));
        // the leading run is no activity: asking again it still leads; R3 holds now
        assertThat(store.addToBatch(batchRequest("k", "R1", null, T0.plusSeconds(4), w, null, null, 3, true)).outcome())
                .isEqualTo(BatchJoin.Outcome.LEADING);
        assertThat(store.addToBatch(batchRequest("k", "R3", null, T0.plusSeconds(4), w, null, null, 3, true)).outcome())
                .isEqualTo(BatchJoin.Outcome.HOLDER);
        // two activities left after the cancel: the third one reaches the limit and closes the batch
        assertThat(store.addToBatch(batchRequest("k", "R4", null, T0.plusSeconds(5), w, null, null, 3, true)))
                .isEqualTo(new BatchJoin(lead.batchId(), BatchJoin.Outcome.JOINED, T0.plus(w)));
        assertThat(store.addToBatch(batchRequest("k", "R5", null, T0.plusSeconds(6), w, null, null, 3, true)))
                .isEqualTo(new BatchJoin(lead.batchId(), BatchJoin.Outcome.JOINED, T0.plusSeconds(6)));
        BatchClose closed = store.closeBatch(lead.batchId(), T0.plusSeconds(6), 10, false, 10).orElseThrow();
        assertThat(closed.holderRunId()).isEqualTo("R3");
        assertThat(closed.activities()).extracting(BatchActivity::runId).containsExactly("R3", "R4", "R5");
    }

    @Test
    void onlyTheHolderOfAClosedBatchBeingFlushedIsSparedByACancel() {
        Duration w = Duration.ofMinutes(5);
        commitRun(run("R1", "T1", "u1", RunStatus.PAUSED, 1), true);
        commitRun(run("R2", "T2", "u2", RunStatus.PAUSED, 1), true);
        BatchJoin b = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 0, false));
        store.addToBatch(batchRequest("k", "R2", null, T0, w, null, null, 0, false));
        store.closeBatch(b.batchId(), T0.plus(w), 10, false, 10);
        assertThat(store.cancelRuns(new Cancellation("wf", "ck", List.of(), T0.plus(w)), T0.plus(w))).extracting(WorkflowRun::id)
                .containsExactly("R2");
        assertThat(store.runLog("R2")).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(RunLogEntry.Outcome.RUN_CANCELLED);
            assertThat(e.detail()).isEqualTo("cancelled by key ck");
            assertThat(e.at()).isEqualTo(T0.plus(w));
        });
        assertThat(store.closeBatch(b.batchId(), T0.plus(w), 10, false, 10).orElseThrow().holderRunId()).isEqualTo("R1");
    }
}
