package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.Engagement;
import io.github.knockj.core.InAppFeedChannel;
import io.github.knockj.core.Message;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.SettableClock;
import io.github.knockj.core.Steps;
import io.github.knockj.core.TestKit;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Many threads at once against the engine's own worker threads, on the store under test; invariants
 * are checked afterwards: many triggers on one batch key yield exactly one digest holding every
 * activity, cancels racing a window's close neither lose nor duplicate an activity, and triggers,
 * feed marks and preference changes made at once keep counts consistent. The clock is settable, so
 * windows close when the test says.
 *
 * <p>A store certifies by extending this class and implementing {@link #newStore()}.
 *
 * <p>Roles certified (the suites are not split by role yet): under contention:
 * {@link io.github.knockj.core.spi.BatchStore BatchStore} (one open batch per key),
 * {@link io.github.knockj.core.spi.RunStore RunStore} (cancels racing a batch's close),
 * {@link io.github.knockj.core.spi.MessageStore MessageStore},
 * {@link io.github.knockj.core.spi.PreferenceStore PreferenceStore} and
 * {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore}.
 */
public abstract class ConcurrencyContractTest extends ContractTestBase {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 60;

    /** For a store's test class, which implements {@link #newStore()}. */
    protected ConcurrencyContractTest() {}

    private Notifier threaded(SettableClock clock, Workflow w) {
        return track(Notifier.builder().store(store).clock(clock).workerThreads(4).deliveryThreads(4).pollInterval(Duration.ofMillis(20))
                .channel("in-app", InAppFeedChannel.create()).channel("email", email).workflow(w).build());
    }

    private static Workflow digest() {
        return Workflow.builder("comments")
                .step(Steps.batch("collect").window(Duration.ofMinutes(10)).key("{{ data.post }}"))
                .step(Steps.channel("mail", "email").subject("{{ total_activities }} comments"))
                .build();
    }

    private List<Future<?>> inParallel(ExecutorService pool, CountDownLatch start, int threads, java.util.function.IntConsumer body) {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            fs.add(pool.submit(() -> {
                start.await();
                body.accept(thread);
                return null;
            }));
        }
        return fs;
    }

    private List<WorkflowRun> allRuns(Notifier n, List<String> triggers) {
        List<WorkflowRun> runs = new ArrayList<>();
        for (String t : triggers) runs.addAll(n.runs().ofTrigger(t, 10));
        return runs;
    }

    @Test
    void manyThreadsTriggeringOneBatchKeyYieldExactlyOneDigestHoldingEveryActivity() throws Exception {
        SettableClock clock = SettableClock.create();
        Notifier n = threaded(clock, digest());
        n.users().identify(user("owner"));
        List<String> triggers = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> fs = inParallel(pool, start, THREADS, t -> {
            for (int i = 0; i < PER_THREAD; i++) {
                triggers.add(n.trigger("comments").recipients("owner").actor("a" + t).data(Map.of("post", "p1", "i", i)).send().triggerId());
            }
        });
        start.countDown();
        for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        TestKit.awaitIdle(n, Duration.ofSeconds(60));
        assertThat(email.sent()).isEmpty();
        clock.advance(Duration.ofMinutes(10));
        TestKit.awaitIdle(n, Duration.ofSeconds(60));

        assertThat(email.sentContent("subject")).containsExactly((THREADS * PER_THREAD) + " comments");
        Map<RunStatus, Integer> byStatus = new EnumMap<>(RunStatus.class);
        allRuns(n, triggers).forEach(r -> byStatus.merge(r.status(), 1, Integer::sum));
        assertThat(byStatus).isEqualTo(Map.of(RunStatus.COMPLETED, 1, RunStatus.ABSORBED, THREADS * PER_THREAD - 1));
        assertThat(email.sent().get(0).message().data()).containsEntry("total_actors", THREADS);
    }

    @Test
    void cancelsRacingTheWindowCloseNeverLoseOrDuplicateAnActivity() throws Exception {
        SettableClock clock = SettableClock.create();
        Notifier n = threaded(clock, digest());
        n.users().identify(user("owner"));
        List<String> triggers = new ArrayList<>();
        int total = THREADS * PER_THREAD;
        for (int i = 0; i < total; i++) {
            triggers.add(n.trigger("comments").recipients("owner").actor("a" + (i % 5)).cancellationKey("c" + i).data(Map.of("post", "p1")).send().triggerId());
        }
        TestKit.awaitIdle(n, Duration.ofSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> fs = inParallel(pool, start, THREADS, t -> {
            for (int i = t; i < total; i += THREADS * 2) n.cancel("comments", "c" + i); // cancel every other
        });
        fs.add(pool.submit(() -> {
            start.await();
            Thread.sleep(ThreadLocalRandom.current().nextInt(5));
            clock.advance(Duration.ofMinutes(10));
            return null;
        }));
        start.countDown();
        for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        TestKit.awaitIdle(n, Duration.ofSeconds(60));

        List<WorkflowRun> runs = allRuns(n, triggers);
        long cancelled = runs.stream().filter(r -> r.status() == RunStatus.CANCELLED).count();
        long completed = runs.stream().filter(r -> r.status() == RunStatus.COMPLETED).count();
        long absorbed = runs.stream().filter(r -> r.status() == RunStatus.ABSORBED).count();
        assertThat(cancelled + completed + absorbed).isEqualTo(total);
        assertThat(completed).isLessThanOrEqualTo(1);
        int digested = email.sent().isEmpty() ? 0 : Integer.parseInt(email.sentContent("subject").get(0).split(" ")[0]);
        assertThat(email.sent()).hasSize((int) completed);
        assertThat(digested).isEqualTo(completed + absorbed);
    }

    @Test
    void triggersMarksAndPreferenceChangesAtOnceKeepCountsConsistent() throws Exception {
        SettableClock clock = SettableClock.create();
        Notifier n = threaded(clock, Workflow.builder("note").step(Steps.channel("feed", "in-app").body("n")).step(Steps.channel("mail", "email").subject("n")).build());
        List<String> users = List.of("u0", "u1", "u2", "u3");
        n.users().identifyAll(users.stream().map(ContractTestBase::user).toList());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> fs = inParallel(pool, start, THREADS, t -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < 40; i++) {
                String u = users.get(rnd.nextInt(users.size()));
                switch (t % 4) {
                    case 0, 1 -> n.trigger("note").recipients(users.toArray(String[]::new)).send();
                    case 2 -> {
                        List<Message> items = n.feed(u, "in-app").list().items();
                        if (!items.isEmpty()) n.feed(u, "in-app").mark(Engagement.READ, rnd.nextBoolean(), items.get(rnd.nextInt(items.size())).id());
                    }
                    default -> n.preferences().merge(u, PreferenceSet.builder().channel("email", rnd.nextBoolean()).build());
                }
            }
        });
        start.countDown();
        for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        TestKit.awaitIdle(n, Duration.ofSeconds(60));
        int triggerThreads = (int) java.util.stream.IntStream.range(0, THREADS).filter(t -> t % 4 < 2).count();
        for (String u : users) {
            var feed = n.feed(u, "in-app");
            List<Message> all = new ArrayList<>();
            var q = feed.query().withPageSize(100);
            io.github.knockj.core.FeedPage page;
            do {
                page = feed.list(q);
                all.addAll(page.items());
                q = q.withAfter(page.nextCursor());
            } while (page.nextCursor() != null);
            assertThat(all).hasSize(triggerThreads * 40).extracting(Message::id).doesNotHaveDuplicates();
            assertThat(page.totalCount()).isEqualTo(all.size());
            assertThat(page.unreadCount()).isEqualTo(all.stream().filter(m -> m.readAt() == null).count());
        }
        assertThat(store.countJobs()).isZero();
    }
}
