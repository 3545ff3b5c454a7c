package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RetryPolicy;
import io.github.knockj.core.Steps;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.NotifierListener;
import io.github.knockj.jdbc.FaultyProviders.Hanging;
import io.github.knockj.jdbc.FaultyProviders.Recording;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One workflow sends every recipient a message on five channels, four of whose providers misbehave
 * (see {@link FaultyProviders}), on PostgreSQL with real worker threads and a short provider call
 * timeout. The healthy channel delivers while the others fail, hang and time out; every message
 * ends in the status its provider earned, with a history that tells how, and no job is left.
 */
class ProviderFaultsTest {
    private static final int RECIPIENTS = 300;
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(300);
    /** Enough attempts that a 50% or 25% failure rate cannot exhaust them (0.5^40), retried quickly. */
    private static final RetryPolicy PATIENT = new RetryPolicy(40, Duration.ofMillis(10), Duration.ofMillis(50), 0);
    /** For providers that never succeed: three attempts, then undelivered. */
    private static final RetryPolicy THREE_TRIES = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20), 0);

    /** Recipients, and a short lease, for the garbage-in-a-result tests: a chunk that failed to commit comes back soon. */
    private static final int GARBAGE_RECIPIENTS = 20;
    private static final Duration GARBAGE_LEASE = Duration.ofSeconds(2);

    private final Recording healthy = FaultyProviders.healthy();
    private final Recording flaky = FaultyProviders.flaky();
    private final Recording garbage = FaultyProviders.garbage();
    private final Recording slow = FaultyProviders.sometimesSlow(CALL_TIMEOUT.multipliedBy(5));
    private final Hanging hanging = new Hanging();
    private JdbcStore store;
    private Notifier notifier;

    @AfterEach
    void stop() {
        hanging.release();
        if (notifier != null) notifier.close();
        if (store != null) store.close();
    }

    /** Channel key to its provider, in the order of the workflow's steps. */
    private Map<String, Recording> channels() {
        Map<String, Recording> out = new LinkedHashMap<>();
        out.put("flaky", flaky);
        out.put("garbage", garbage);
        out.put("hanging", hanging);
        out.put("slow", slow);
        out.put("healthy", healthy);
        return out;
    }

    /** A Notifier with one channel step per entry of {@code channels}, retrying as {@code policy} says for each provider. */
    private Notifier start(String url, Map<String, Recording> channels, Function<Recording, RetryPolicy> policy, Duration lease) {
        return start(url, channels, policy, lease, b -> b);
    }

    private Notifier start(String url, Map<String, Recording> channels, Function<Recording, RetryPolicy> policy, Duration lease,
                           UnaryOperator<Notifier.Builder> more) {
        store = JdbcStore.builder().url(url).maximumPoolSize(8).build();
        Workflow.Builder w = Workflow.builder("faults");
        Notifier.Builder b = Notifier.builder().store(store).nodeId("faults")
                .workerThreads(2).deliveryThreads(4)
                .pollInterval(Duration.ofMillis(50)).leaseDuration(lease)
                .providerCallTimeout(CALL_TIMEOUT);
        channels.forEach((key, provider) -> {
            b.channel(key, policy.apply(provider), provider);
            w.step(Steps.channel("to-" + key, key).subject("{{ recipient.id }} on " + key));
        });
        notifier = more.apply(b.workflow(w.build())).build();
        return notifier;
    }

    /** Identifies {@code count} users and triggers the workflow for all of them at once. */
    private static void triggerFor(Notifier notifier, int count) {
        List<String> ids = IntStream.range(0, count).mapToObj(i -> String.format("u%04d", i)).toList();
        notifier.users().identifyAll(ids.stream().map(id -> User.builder(id).email(id + "@example.com").build()).toList());
        notifier.trigger("faults").recipients(ids).send();
    }

    @Test
    void everyChannelEndsAsItsProviderEarnedWhileTheHealthyOneKeepsFlowing() throws Exception {
        String url = TestDatabases.reusedPostgresSchemaUrl();
        start(url, channels(), p -> p == garbage || p == hanging ? THREE_TRIES : PATIENT, Duration.ofSeconds(10));
        long start = System.nanoTime();
        triggerFor(notifier, RECIPIENTS);
        await("the healthy channel to deliver everything", () -> delivered(url, "healthy") == RECIPIENTS);
        long healthyMillis = (System.nanoTime() - start) / 1_000_000;
        int stuckMeanwhile = hanging.stuck.get();
        await("every message to reach a final status and every job to finish",
                () -> TestSql.count(url, "SELECT count(*) FROM knock_messages WHERE status IN ('QUEUED', 'DELIVERY_ATTEMPTED')") == 0
                        && store.countJobs() == 0);
        long allMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("provider faults: healthy channel delivered in %d ms (with %d calls hung), everything final in %d ms;"
                        + " calls: %s%n", healthyMillis, stuckMeanwhile, allMillis, callCounts());

        // the healthy channel was not held up by the hung calls: they were still hanging when it finished
        assertThat(stuckMeanwhile).isPositive();
        assertThat(healthyMillis).isLessThan(allMillis);
        Map<String, Long> all = Map.of("DELIVERED", (long) RECIPIENTS);
        Map<String, Long> none = Map.of("UNDELIVERED", (long) RECIPIENTS);
        assertThat(TestSql.messageStatuses(url, "healthy")).isEqualTo(all);
        assertThat(TestSql.messageStatuses(url, "flaky")).isEqualTo(all);
        assertThat(TestSql.messageStatuses(url, "slow")).isEqualTo(all);
        assertThat(TestSql.messageStatuses(url, "garbage")).isEqualTo(none);
        assertThat(TestSql.messageStatuses(url, "hanging")).isEqualTo(none);
        assertThat(store.countJobs()).isZero();
        assertThat(TestSql.count(url, "SELECT count(*) FROM knock_runs")).isEqualTo(RECIPIENTS);
        assertThat(TestSql.count(url, "SELECT count(*) FROM knock_runs WHERE status <> 'COMPLETED'")).isZero();

        // every message: a consistent history, attempts counted, the provider called as often as that says
        for (Map.Entry<String, Recording> channel : channels().entrySet()) {
            Recording provider = channel.getValue();
            for (String id : TestSql.strings(url, "SELECT id FROM knock_messages WHERE channel_key = '" + channel.getKey() + "'")) {
                Message m = notifier.messages().get(id).orElseThrow();
                List<MessageEvent> history = notifier.messages().history(id);
                assertConsistentHistory(m, history);
                assertThat(provider.keysByMessage.getOrDefault(id, java.util.Set.of())).as("idempotency keys of %s", id).hasSizeLessThanOrEqualTo(1);
                List<Integer> calls = provider.attemptsOf(id);
                if (provider == hanging) {
                    // a call still queued behind the hung ones when its attempt timed out never reached the provider
                    assertThat(calls).as("hanging calls of %s", id).doesNotHaveDuplicates().isSorted()
                            .allSatisfy(a -> assertThat(a).isBetween(1, m.attempts()));
                    assertThat(m.attempts()).isEqualTo(THREE_TRIES.maxAttempts());
                    assertThat(last(history).detail()).isEqualTo("gave up after 3 attempts: provider hanging did not answer within PT0.3S");
                } else {
                    assertThat(calls).as("calls of %s", id).isEqualTo(IntStream.rangeClosed(1, m.attempts()).boxed().toList());
                }
                if (provider == garbage) {
                    assertThat(m.attempts()).isEqualTo(THREE_TRIES.maxAttempts());
                    // on a loaded machine a garbage answer can also come later than the short call timeout
                    assertThat(last(history).detail()).startsWith("gave up after 3 attempts: provider garbage ")
                            .containsAnyOf("returned no result", "threw IllegalStateException: garbage provider bug",
                                    "threw NoClassDefFoundError: com/example/MissingSdkClass", "failed: java.lang.Error: garbage provider error",
                                    "did not answer within PT0.3S");
                }
                if (provider == healthy) assertThat(m.attempts()).isEqualTo(1);
            }
        }
        // the faults really happened, and were retried past
        assertThat(flaky.calls.get()).isGreaterThan(RECIPIENTS + RECIPIENTS / 3);
        assertThat(slow.calls.get()).isGreaterThan(RECIPIENTS);
        assertThat(garbage.calls.get()).isEqualTo(RECIPIENTS * THREE_TRIES.maxAttempts());
        assertThat(hanging.calls.get()).isPositive();
    }

    /**
     * A hung provider may cost its own channel's threads, not the time of other channels' deliveries:
     * a healthy call's outcome is recorded soon after the provider gave it, not when the call timeout
     * of a hung call in the same chunk runs out.
     */
    @Test
    void aHungProviderDoesNotDelayRecordingAnotherChannelsDeliveries() throws Exception {
        String url = TestDatabases.reusedPostgresSchemaUrl();
        Duration callTimeout = Duration.ofSeconds(3);
        int recipients = 60; // two deliveries each: about four chunks, each mixing both channels
        Map<String, Long> calledAt = new ConcurrentHashMap<>();
        Map<String, Long> recordedAt = new ConcurrentHashMap<>();
        Map<String, Recording> channels = new LinkedHashMap<>();
        channels.put("hanging", hanging);
        channels.put("healthy", FaultyProviders.answering("healthy", m -> {
            calledAt.put(m.message().id(), System.nanoTime());
            return DeliveryResult.delivered(null);
        }));
        start(url, channels, p -> THREE_TRIES, Duration.ofSeconds(10), b -> b.providerCallTimeout(callTimeout).listener(new NotifierListener() {
            @Override
            public void onDeliveryStatusChanged(Message m, DeliveryStatus previous) {
                if (m.channelKey().equals("healthy") && m.status() == DeliveryStatus.DELIVERED) recordedAt.put(m.id(), System.nanoTime());
            }
        }));
        triggerFor(notifier, recipients);

        await("the healthy channel's deliveries to be recorded", () -> recordedAt.size() == recipients);
        long slowest = recordedAt.entrySet().stream().mapToLong(e -> e.getValue() - calledAt.get(e.getKey())).max().orElseThrow();
        System.out.printf("hung neighbour: slowest healthy delivery recorded %d ms after its call%n", slowest / 1_000_000);
        assertThat(Duration.ofNanos(slowest)).isLessThan(callTimeout.dividedBy(2));
    }

    /** Garbage inside a result, on three channels beside a healthy one. */
    @Test
    void aNulCharacterInAResultIsStoredWithoutHoldingUpTheMessagesBesideIt() throws Exception {
        Map<String, Recording> channels = new LinkedHashMap<>();
        channels.put("nul-reason", FaultyProviders.answering("nul-reason", m -> DeliveryResult.permanent("550 \u0000\u0001 binary answer")));
        channels.put("nul-id", FaultyProviders.answering("nul-id", m -> DeliveryResult.delivered("id\u0000" + m.message().id())));
        channels.put("nul-exception", FaultyProviders.answering("nul-exception", m -> {
            throw new IllegalStateException("SDK echoed the body: \u0000");
        }));
        String url = runBesideHealthy(channels);
        assertThat(TestSql.messageStatuses(url, "nul-reason")).isEqualTo(Map.of("UNDELIVERED", (long) GARBAGE_RECIPIENTS));
        assertThat(TestSql.messageStatuses(url, "nul-id")).isEqualTo(Map.of("DELIVERED", (long) GARBAGE_RECIPIENTS));
        assertThat(TestSql.messageStatuses(url, "nul-exception")).isEqualTo(Map.of("UNDELIVERED", (long) GARBAGE_RECIPIENTS));
        assertThat(channels.get("nul-exception").calls.get()).isEqualTo(GARBAGE_RECIPIENTS * THREE_TRIES.maxAttempts());
        assertThat(store.countJobs()).isZero();
    }

    /** A Retry-After beyond any calendar, beside a healthy channel. */
    @Test
    void anEndlessRetryAfterIsRecordedWithoutHoldingUpTheMessagesBesideIt() throws Exception {
        Map<String, Recording> channels = new LinkedHashMap<>();
        channels.put("endless", FaultyProviders.answering("endless",
                m -> DeliveryResult.retryable("come back in a few billion years", Duration.ofSeconds(Long.MAX_VALUE))));
        // the retry may be scheduled (far away, or sooner if the engine caps the wait) or given up: either way every
        // attempt is recorded and the provider called once for each
        String url = runBesideHealthy(channels);
        assertThat(TestSql.count(url, "SELECT count(*) FROM knock_messages WHERE channel_key = 'endless'"
                + " AND status IN ('DELIVERY_ATTEMPTED', 'UNDELIVERED')")).isEqualTo(GARBAGE_RECIPIENTS);
        assertThat((long) channels.get("endless").calls.get())
                .isEqualTo(TestSql.count(url, "SELECT sum(attempts) FROM knock_messages WHERE channel_key = 'endless'"));
        assertThat(store.countJobs()).isLessThanOrEqualTo(GARBAGE_RECIPIENTS);
    }

    /**
     * Runs the workflow for {@value #GARBAGE_RECIPIENTS} recipients on {@code channels} plus the healthy
     * channel, with a short lease; waits until no message is still queued, then one lease longer;
     * asserts that the healthy channel delivered every message with exactly one call, that is, no
     * chunk was run twice. Returns the database URL.
     */
    private String runBesideHealthy(Map<String, Recording> channels) throws Exception {
        String url = TestDatabases.reusedPostgresSchemaUrl();
        channels.put("healthy", healthy);
        start(url, channels, p -> THREE_TRIES, GARBAGE_LEASE);
        triggerFor(notifier, GARBAGE_RECIPIENTS);
        try {
            await("every message to leave the queue", Duration.ofSeconds(20),
                    () -> TestSql.count(url, "SELECT count(*) FROM knock_messages WHERE status = 'QUEUED'") == 0
                            && TestSql.count(url, "SELECT count(*) FROM knock_messages") == (long) GARBAGE_RECIPIENTS * channels.size());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; statuses " + TestSql.messageStatuses(url, null) + ", healthy calls "
                    + healthy.calls.get() + " for " + GARBAGE_RECIPIENTS + " messages", e);
        }
        Thread.sleep(GARBAGE_LEASE.plusSeconds(1).toMillis()); // time enough for a lapsed chunk to come back
        assertThat(TestSql.messageStatuses(url, "healthy")).isEqualTo(Map.of("DELIVERED", (long) GARBAGE_RECIPIENTS));
        assertThat(healthy.calls.get()).as("healthy calls").isEqualTo(GARBAGE_RECIPIENTS);
        return url;
    }

    /**
     * Queued, then one {@code delivery_attempted} per failed attempt, then the final status: nothing
     * after it, nothing out of order, and as many attempts as the message counts.
     */
    private static void assertConsistentHistory(Message m, List<MessageEvent> history) {
        List<String> types = history.stream().map(MessageEvent::type).toList();
        assertThat(m.status().isFinal()).as("%s is final", m.status()).isTrue();
        assertThat(types).as("history of %s", m.id()).hasSize(m.attempts() + 1);
        assertThat(types.get(0)).isEqualTo("queued");
        assertThat(types.subList(1, types.size() - 1)).as("history of %s", m.id())
                .allMatch(t -> t.equals(DeliveryStatus.DELIVERY_ATTEMPTED.name().toLowerCase(Locale.ROOT)));
        assertThat(types.get(types.size() - 1)).isEqualTo(m.status().name().toLowerCase(Locale.ROOT));
        assertThat(history).extracting(MessageEvent::at).isSorted();
        assertThat(m.status() == DeliveryStatus.DELIVERED || last(history).detail() != null).as("a failure has a reason").isTrue();
    }

    private static MessageEvent last(List<MessageEvent> history) {
        return history.get(history.size() - 1);
    }

    private static long delivered(String url, String channelKey) throws SQLException {
        return TestSql.messageStatuses(url, channelKey).getOrDefault("DELIVERED", 0L);
    }

    private Map<String, Integer> callCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        channels().forEach((key, p) -> out.put(key, p.calls.get()));
        return out;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        await(what, Duration.ofSeconds(90), condition);
    }

    private static void await(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("after " + timeout + ", still waiting for " + what);
            Thread.sleep(50);
        }
    }
}
