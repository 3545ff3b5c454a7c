package io.github.knockj.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.InAppFeedChannel;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.RetryPolicy;
import io.github.knockj.core.Steps;
import io.github.knockj.core.TestKit;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters against real runs on the in-memory store, driven by a TestKit; {@link KnockMetricsOnH2Test} runs them on H2. */
class KnockMetricsTest {
    private final TestKit kit = TestKit.create();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingProvider mail = RecordingProvider.of(ChannelType.EMAIL);
    private Notifier notifier;
    private KnockMetrics metrics;

    private Store store;

    /** The store the notifier runs on; the in-memory store here. */
    Store newStore() {
        return InMemoryStore.create();
    }

    @AfterEach
    void close() {
        if (metrics != null) metrics.close();
        if (notifier != null) notifier.close();
        if (store != null) store.close();
    }

    private void start(Notifier.Builder b, Duration ttl) {
        store = newStore();
        notifier = b.store(store).testKit(kit).build();
        metrics = KnockMetrics.builder(notifier).clock(kit.clock()).queueReadingTtl(ttl).build();
        metrics.bindTo(registry);
        notifier.users().identify(User.builder("ada").email("ada@example.com").build());
        notifier.users().identify(User.builder("bob").email("bob@example.com").build());
    }

    private double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private static Workflow emailAndFeed() {
        return Workflow.builder("welcome")
                .step(Steps.channel("feed", "in-app").text("hi"))
                .step(Steps.channel("email", "mail").subject("s").text("t"))
                .build();
    }

    @Test
    void countsTriggersRunsMessagesAndTimesProviderCallsOfADeliveringWorkflow() {
        start(Notifier.builder().channel("in-app", InAppFeedChannel.create()).channel("mail", mail).workflow(emailAndFeed()), Duration.ZERO);

        notifier.trigger("welcome").recipients("ada", "bob").idempotencyKey("k1").send();
        notifier.trigger("welcome").recipients("ada", "bob").idempotencyKey("k1").send(); // a replay: not a new trigger
        kit.runDue();

        assertThat(count(KnockMetrics.TRIGGERS, "workflow", "welcome")).isEqualTo(1);
        assertThat(count(KnockMetrics.RUNS_STARTED, "workflow", "welcome")).isEqualTo(2);
        assertThat(count(KnockMetrics.RUNS_FINISHED, "workflow", "welcome", "outcome", "completed")).isEqualTo(2);
        assertThat(count(KnockMetrics.MESSAGES, "workflow", "welcome", "channel", "mail", "status", "delivered")).isEqualTo(2);
        assertThat(count(KnockMetrics.MESSAGES, "workflow", "welcome", "channel", "in-app", "status", "delivered")).isEqualTo(2);
        Timer calls = registry.find(KnockMetrics.PROVIDER_CALLS)
                .tags("channel", "mail", "provider", "recording-email", "result", "delivered").timer();
        assertThat(calls).isNotNull();
        assertThat(calls.count()).isEqualTo(2);
        assertThat(registry.find(KnockMetrics.RETRIES).counter()).isNull();

        // a bounce reported afterwards counts under bounced; a repeated report does not count again
        String mailMessage = mail.sent().get(0).message().id();
        notifier.messages().recordProviderStatus(mailMessage, DeliveryStatus.BOUNCED, "550");
        notifier.messages().recordProviderStatus(mailMessage, DeliveryStatus.BOUNCED, "550 again");
        assertThat(count(KnockMetrics.MESSAGES, "workflow", "welcome", "channel", "mail", "status", "bounced")).isEqualTo(1);
        assertThat(count(KnockMetrics.MESSAGES, "workflow", "welcome", "channel", "mail", "status", "delivered")).isEqualTo(2);
        // no user id is a tag value
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .noneMatch(t -> t.getValue().equals("ada") || t.getValue().equals("bob")));
    }

    @Test
    void countsRetriesFailedCallsAndUndeliveredMessages() {
        mail.answering(m -> DeliveryResult.retryable("HTTP 503", null));
        start(Notifier.builder().channel("mail", new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(1), 0), mail)
                .workflow(Workflow.builder("w").step(Steps.channel("email", "mail").subject("s").text("t")).build()), Duration.ZERO);

        notifier.trigger("w").recipients("ada").send();
        kit.runDue();
        kit.advance(Duration.ofMinutes(5));

        assertThat(mail.sent()).hasSize(3);
        assertThat(registry.find(KnockMetrics.PROVIDER_CALLS).tags("channel", "mail", "result", "retryable").timer().count()).isEqualTo(3);
        assertThat(count(KnockMetrics.RETRIES, "channel", "mail", "provider", "recording-email")).isEqualTo(2);
        assertThat(count(KnockMetrics.MESSAGES, "workflow", "w", "channel", "mail", "status", "undelivered")).isEqualTo(1);
        assertThat(registry.find(KnockMetrics.MESSAGES).tags("status", "delivery_attempted").counter()).isNull();
    }

    @Test
    void recordsHowLongAfterItsCloseTimeABatchWasFlushed() {
        start(Notifier.builder().channel("mail", mail).workflow(Workflow.builder("digest")
                .step(Steps.batch("b").window(Duration.ofMinutes(1)))
                .step(Steps.channel("email", "mail").subject("s").text("{{ total_activities }}")).build()), Duration.ZERO);

        for (int i = 0; i < 3; i++) notifier.trigger("digest").recipients("ada").send();
        kit.runDue();
        kit.clock().advance(Duration.ofSeconds(90)); // 30 s past the window's end before the flush runs
        kit.runDue();

        Timer lag = registry.find(KnockMetrics.BATCH_FLUSH_LAG).tags("workflow", "digest").timer();
        assertThat(lag).isNotNull();
        assertThat(lag.count()).isEqualTo(1);
        assertThat(lag.totalTime(TimeUnit.SECONDS)).isEqualTo(30);
        assertThat(count(KnockMetrics.TRIGGERS, "workflow", "digest")).isEqualTo(3);
        assertThat(count(KnockMetrics.RUNS_FINISHED, "workflow", "digest", "outcome", "absorbed")).isEqualTo(2);
        assertThat(count(KnockMetrics.MESSAGES, "channel", "mail", "status", "delivered")).isEqualTo(1);
    }

    @Test
    void gaugesReportTheQueueDepthAndHowLongTheOldestDueJobHasWaited() {
        start(Notifier.builder().channel("mail", mail).workflow(emailOnly()), Duration.ZERO);
        assertThat(registry.get(KnockMetrics.JOBS).gauge().value()).isZero();
        assertThat(registry.get(KnockMetrics.OLDEST_DUE_JOB_AGE).timeGauge().value(TimeUnit.SECONDS)).isZero();

        notifier.trigger("w").recipients("ada").send();
        notifier.trigger("w").recipients("bob").send();
        kit.clock().advance(Duration.ofSeconds(42)); // nothing runs: the trigger jobs wait

        assertThat(registry.get(KnockMetrics.JOBS).gauge().value()).isEqualTo(2);
        assertThat(registry.get(KnockMetrics.OLDEST_DUE_JOB_AGE).timeGauge().value(TimeUnit.SECONDS)).isEqualTo(42);

        kit.runDue();
        assertThat(registry.get(KnockMetrics.JOBS).gauge().value()).isZero();
        assertThat(registry.get(KnockMetrics.OLDEST_DUE_JOB_AGE).timeGauge().value(TimeUnit.SECONDS)).isZero();
    }

    @Test
    void gaugesKeepTheirReadingForTheTtlInsteadOfQueryingTheStoreOnEveryScrape() {
        start(Notifier.builder().channel("mail", mail).workflow(emailOnly()), Duration.ofHours(1));
        assertThat(registry.get(KnockMetrics.JOBS).gauge().value()).isZero();

        notifier.trigger("w").recipients("ada").send();

        assertThat(registry.get(KnockMetrics.JOBS).gauge().value()).isZero(); // the cached reading
        assertThat(notifier.store().countJobs()).isEqualTo(1);
    }

    @Test
    void eventsAfterCloseAreNotCountedAndBadSettingsAreRejected() {
        start(Notifier.builder().channel("mail", mail).workflow(emailOnly()), Duration.ZERO);
        metrics.close();
        notifier.trigger("w").recipients("ada").send();
        kit.runDue();
        assertThat(registry.find(KnockMetrics.TRIGGERS).counter()).isNull();
        assertThat(mail.sent()).hasSize(1);

        assertThatThrownBy(() -> KnockMetrics.builder(notifier).queueReadingTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> KnockMetrics.builder(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void tagsGivenToTheBuilderTellTheMetersOfTwoNotifiersApart() {
        start(Notifier.builder().channel("mail", mail).workflow(emailOnly()), Duration.ZERO);
        metrics.close();
        metrics = KnockMetrics.builder(notifier).clock(kit.clock()).queueReadingTtl(Duration.ZERO).tags("notifier", "a").build();
        metrics.bindTo(registry);
        InMemoryStore other = InMemoryStore.create();
        try (Notifier second = Notifier.builder().store(other).testKit(kit).channel("mail", mail).workflow(emailOnly()).build();
             KnockMetrics secondMetrics = KnockMetrics.builder(second).clock(kit.clock()).queueReadingTtl(Duration.ZERO).tags("notifier", "b").build()) {
            secondMetrics.bindTo(registry);
            second.users().identify(User.builder("cy").build());
            second.trigger("w").recipients("cy").send();

            assertThat(registry.get(KnockMetrics.JOBS).tags("notifier", "a").gauge().value()).isZero();
            assertThat(registry.get(KnockMetrics.JOBS).tags("notifier", "b").gauge().value()).isEqualTo(1);
            assertThat(count(KnockMetrics.TRIGGERS, "notifier", "b", "workflow", "w")).isEqualTo(1);
            assertThat(count(KnockMetrics.TRIGGERS, "notifier", "a", "workflow", "w")).isZero();
        } finally {
            other.close();
        }
        assertThatThrownBy(() -> KnockMetrics.builder(notifier).tags("notifier")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pairs");
    }

    @Test
    void countsJobsTakenOverFromALeaseThatRanOutByKind() {
        start(Notifier.builder().channel("mail", mail).workflow(emailOnly()), Duration.ZERO);
        notifier.trigger("w").recipients("ada").send();
        // another instance claims the trigger's job and dies holding it
        assertThat(store.claimJobs("crashed-node", kit.now(), kit.now().plusSeconds(30), 10)).hasSize(1);
        kit.runDue();
        assertThat(mail.sent()).isEmpty();
        assertThat(count(KnockMetrics.LEASE_RECOVERIES)).isZero();

        kit.advance(Duration.ofSeconds(31));   // the lease ran out: this instance takes the job over and runs it

        assertThat(mail.sent()).hasSize(1);
        assertThat(count(KnockMetrics.LEASE_RECOVERIES, "kind", "trigger")).isEqualTo(1);
        assertThat(registry.find(KnockMetrics.LEASE_RECOVERIES).counters()).hasSize(1);   // the delivery it queued was not recovered

        notifier.trigger("w").recipients("bob").send();
        kit.runDue();
        assertThat(mail.sent()).hasSize(2);
        assertThat(count(KnockMetrics.LEASE_RECOVERIES, "kind", "trigger")).as("a job nobody held").isEqualTo(1);
    }

    private static Workflow emailOnly() {
        return Workflow.builder("w").step(Steps.channel("email", "mail").subject("s").text("t")).build();
    }
}
