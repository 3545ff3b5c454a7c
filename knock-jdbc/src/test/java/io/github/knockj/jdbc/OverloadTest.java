package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.Notifier;
import io.github.knockj.core.Steps;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A burst of {@value #DELIVERIES} deliveries, far beyond what one slow provider and two delivery
 * threads can send at once, on PostgreSQL. The triggers are accepted as soon as they are stored;
 * while the burst drains, the engine never holds more than {@code maxInFlight} jobs (in the
 * database's leases, in its own claims, in provider calls) and the rest waits in the job table;
 * in the end every message is delivered exactly once and no job is left.
 */
class OverloadTest {
    private static final int DELIVERIES = 20_000;
    private static final int PER_TRIGGER = Notifier.Builder.DEFAULT_MAX_RECIPIENTS;
    private static final int MAX_IN_FLIGHT = 256;
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(50);

    private JdbcStore store;
    private Notifier notifier;

    /** Takes 2 ms a call, counting the calls in progress; holds every call until {@link #open()}. */
    private static final class SlowProvider extends FaultyProviders.Recording {
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicInteger mostInProgress = new AtomicInteger();

        SlowProvider() {
            super("slow", 0);
        }

        @Override
        DeliveryResult answer(OutboundMessage m) {
            mostInProgress.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) return DeliveryResult.retryable("gate stayed shut", null);
                Thread.sleep(2);
                return DeliveryResult.delivered(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryResult.retryable("interrupted", null);
            } finally {
                inProgress.decrementAndGet();
            }
        }

        void open() {
            gate.countDown();
        }
    }

    /** What the database showed while the burst drained, sampled every {@link #SAMPLE_EVERY}. */
    private static final class Samples {
        int count;
        long mostLeased;
        long mostWaiting;

        void take(String url) throws Exception {
            TestSql.query(url, "SELECT count(lease_until), count(*) - count(lease_until) FROM knock_jobs", rs -> {
                mostLeased = Math.max(mostLeased, rs.getLong(1));
                mostWaiting = Math.max(mostWaiting, rs.getLong(2));
            });
            count++;
        }
    }

    @AfterEach
    void stop() {
        if (notifier != null) notifier.close();
        if (store != null) store.close();
    }

    @Test
    void aBurstBeyondThroughputWaitsInTheTableWhileTheEngineHoldsAtMostMaxInFlight() throws Exception {
        String url = TestDatabases.reusedPostgresSchemaUrl();
        store = JdbcStore.builder().url(url).maximumPoolSize(8).build();
        HeldJobs held = HeldJobs.of(store);
        SlowProvider provider = new SlowProvider();
        notifier = Notifier.builder().store(held.store()).nodeId("overload")
                .workerThreads(2).deliveryThreads(4)
                .maxInFlight(MAX_IN_FLIGHT)
                .pollInterval(Duration.ofMillis(50)).leaseDuration(Duration.ofSeconds(30))
                .channel("email", provider)
                .workflow(Workflow.builder("burst").step(Steps.channel("mail", "email").subject("{{ recipient.id }}")).build())
                .build();
        List<String> ids = IntStream.range(0, DELIVERIES).mapToObj(i -> String.format("u%05d", i)).toList();

        // accepted while no provider call can finish: a trigger returns once it is stored, not once delivered
        long start = System.nanoTime();
        for (int i = 0; i < DELIVERIES; i += PER_TRIGGER) notifier.trigger("burst").recipients(ids.subList(i, i + PER_TRIGGER)).send();
        long acceptedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(TestSql.count(url, "SELECT count(*) FROM knock_triggers")).isEqualTo(DELIVERIES / PER_TRIGGER);
        assertThat(TestSql.count(url, "SELECT count(*) FROM knock_messages WHERE status <> 'QUEUED'")).isZero();

        provider.open();
        Samples samples = new Samples();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (provider.calls.get() < DELIVERIES || store.countJobs() > 0) {
            samples.take(url);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after 90 s: " + provider.calls.get() + " of " + DELIVERIES + " sent, " + store.countJobs() + " jobs left");
            }
            Thread.sleep(SAMPLE_EVERY.toMillis());
        }
        long drainedMillis = (System.nanoTime() - start) / 1_000_000 - acceptedMillis;
        System.out.printf("overload: %d deliveries accepted in %d ms, drained in %d ms; %d samples: at most %d jobs leased, %d waiting;"
                        + " at most %d held by the engine, %d provider calls at once%n", DELIVERIES, acceptedMillis, drainedMillis, samples.count,
                samples.mostLeased, samples.mostWaiting, held.most(), provider.mostInProgress.get());

        // bounded: never more than maxInFlight jobs leased, claimed or in provider calls; the backlog waited in the table
        assertThat(samples.mostLeased).isLessThanOrEqualTo(MAX_IN_FLIGHT);
        assertThat(held.most()).isLessThanOrEqualTo(MAX_IN_FLIGHT);
        assertThat(provider.mostInProgress.get()).isLessThanOrEqualTo(MAX_IN_FLIGHT).isGreaterThan(1);
        assertThat(samples.mostWaiting).as("jobs waiting in the table at once").isGreaterThan(4L * MAX_IN_FLIGHT);
        // drained: each message sent once, delivered, nothing left
        assertThat(provider.calls.get()).isEqualTo(DELIVERIES);
        assertThat(provider.keysByMessage).hasSize(DELIVERIES).allSatisfy((id, keys) -> assertThat(keys).hasSize(1));
        assertThat(TestSql.messageStatuses(url, null)).isEqualTo(Map.of("DELIVERED", (long) DELIVERIES));
        assertThat(store.countJobs()).isZero();
        assertThat(held.now()).isZero();
    }
}
