package io.github.knockj.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.StoreException;
import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.IdempotencyKeyTakenException;
import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Group commits on the in-memory store, seen through a store whose commits can be held: while one
 * commit is out, the callers that arrive wait and are then committed together.
 */
class GroupCommitTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The in-memory store, with each commit's size recorded and the first commit held until released. */
    private static final class HeldStore {
        final InMemoryStore inner = InMemoryStore.create();
        final List<Integer> commitSizes = new CopyOnWriteArrayList<>();
        final CountDownLatch firstCommitEntered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Map<String, Boolean> failing = new ConcurrentHashMap<>();
        final Store store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
            if (method.getName().equals("commit") && args.length == 1) {
                ChangeSet cs = (ChangeSet) args[0];
                if (commitSizes.isEmpty()) {
                    commitSizes.add(cs.triggers().size());
                    firstCommitEntered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                } else {
                    commitSizes.add(cs.triggers().size());
                }
                for (TriggerRecord t : cs.triggers()) {
                    if (failing.containsKey(t.id())) throw new StoreException("trigger " + t.id() + " cannot be written", null);
                }
            }
            try {
                return method.invoke(inner, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static ChangeSet trigger(String id, String idempotencyKey) {
        ChangeSet cs = new ChangeSet(null);
        cs.triggers().add(new TriggerRecord(id, "wf", List.of(Recipient.user("u-" + id)), null, null, Map.of(), Map.of(),
                null, idempotencyKey, false, 0, T0));
        cs.jobs().add(Job.create("job-" + id, JobKind.TRIGGER, id, null, T0, T0));
        if (idempotencyKey != null) cs.idempotencyRecords().add(new IdempotencyRecord(idempotencyKey, "f-" + id, id, T0, T0.plus(Duration.ofDays(1))));
        return cs;
    }

    /** Starts one thread per change set, each committing it; the first is started alone and held in its commit. */
    private static List<Thread> commitConcurrently(GroupCommit commits, HeldStore held, List<ChangeSet> sets, Map<String, Throwable> failures)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            ChangeSet cs = sets.get(i);
            Thread t = new Thread(() -> {
                try {
                    commits.commit(cs);
                } catch (RuntimeException e) {
                    failures.put(cs.triggers().get(0).id(), e);
                }
            });
            t.start();
            threads.add(t);
            if (i == 0) assertThat(held.firstCommitEntered.await(10, TimeUnit.SECONDS)).isTrue();
        }
        awaitParked(threads.subList(1, threads.size()));
        held.release.countDown();
        for (Thread t : threads) t.join(10_000);
        return threads;
    }

    /** Waits until every thread waits for the lock's condition, i.e. has queued its change set. */
    private static void awaitParked(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
            assertThat(System.nanoTime()).as("threads queued in time").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void changeSetsThatArriveWhileTheCommitsAreOutAreCommittedTogether() throws Exception {
        HeldStore held = new HeldStore();
        GroupCommit commits = new GroupCommit(held.store, 1);
        List<ChangeSet> sets = new ArrayList<>();
        for (int i = 0; i < 20; i++) sets.add(trigger("t" + i, null));
        Map<String, Throwable> failures = new ConcurrentHashMap<>();

        commitConcurrently(commits, held, sets, failures);

        assertThat(failures).isEmpty();
        assertThat(held.commitSizes).containsExactly(1, 19);
        for (int i = 0; i < 20; i++) {
            assertThat(held.inner.findTrigger("t" + i)).as("trigger t%d", i).isPresent();
        }
        assertThat(held.inner.countJobs()).isEqualTo(20);
    }

    @Test
    void aGroupThatFailsCommitsEachMemberAloneSoOneTakenKeyFailsOnlyItsOwnCaller() throws Exception {
        HeldStore held = new HeldStore();
        held.inner.commit(trigger("earlier", "taken"));
        GroupCommit commits = new GroupCommit(held.store, 1);
        List<ChangeSet> sets = new ArrayList<>();
        for (int i = 0; i < 6; i++) sets.add(trigger("t" + i, i == 3 ? "taken" : "k" + i));
        Map<String, Throwable> failures = new ConcurrentHashMap<>();

        commitConcurrently(commits, held, sets, failures);

        assertThat(failures).containsOnlyKeys("t3");
        assertThat(failures.get("t3")).isInstanceOf(IdempotencyKeyTakenException.class);
        assertThat(held.commitSizes).as("t0 alone, the group of five, then each of the five alone").containsExactly(1, 5, 1, 1, 1, 1, 1);
        for (int i = 0; i < 6; i++) assertThat(held.inner.findTrigger("t" + i).isPresent()).as("trigger t%d written", i).isEqualTo(i != 3);
    }

    @Test
    void aLoneChangeSetIsCommittedOnceAndItsFailureIsItsCallers() {
        HeldStore held = new HeldStore();
        held.release.countDown();
        held.failing.put("bad", true);
        GroupCommit commits = new GroupCommit(held.store, GroupCommit.CONCURRENT_COMMITS);

        commits.commit(trigger("good", null));
        assertThatThrownBy(() -> commits.commit(trigger("bad", null))).isInstanceOf(StoreException.class).hasMessageContaining("bad");

        assertThat(held.commitSizes).containsExactly(1, 1);
        assertThat(held.inner.findTrigger("good")).isPresent();
        assertThat(held.inner.findTrigger("bad")).isEmpty();
    }

    @Test
    void upToTheLimitCommitsRunAtOnceWithoutWaitingForEachOther() throws Exception {
        HeldStore held = new HeldStore();
        GroupCommit commits = new GroupCommit(held.store, 2);
        Thread first = new Thread(() -> commits.commit(trigger("first", null)));
        first.start();
        assertThat(held.firstCommitEntered.await(10, TimeUnit.SECONDS)).isTrue();

        commits.commit(trigger("second", null)); // not held behind the first, which is still out

        assertThat(held.inner.findTrigger("second")).isPresent();
        assertThat(held.inner.findTrigger("first")).isEmpty();
        held.release.countDown();
        first.join(10_000);
        assertThat(held.inner.findTrigger("first")).isPresent();
    }

    @Test
    void changeSetsThatCompleteJobsAreRefused() {
        GroupCommit commits = new GroupCommit(InMemoryStore.create(), 1);
        assertThatThrownBy(() -> commits.commit(new ChangeSet("node-1"))).isInstanceOf(IllegalArgumentException.class);
    }
}
