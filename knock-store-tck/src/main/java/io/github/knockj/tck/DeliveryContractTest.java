package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.ProviderLimits;
import io.github.knockj.core.RetryPolicy;
import io.github.knockj.core.Steps;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.NotifierListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Delivery on the store under test: provider results, retries with backoff and {@code Retry-After},
 * exhausted and permanent failures, failover between providers, providers that throw, hang or
 * answer nothing, provider rate limits, push token deregistration, delivery listeners, provider
 * callbacks (bounces, deliveries), retrying a message and re-running a failed run by hand.
 *
 * <p>A store certifies by extending this class and implementing {@link #newStore()}.
 *
 * <p>Roles certified (the suites are not split by role yet): chiefly
 * {@link io.github.knockj.core.spi.JobQueue JobQueue} (leases confirmed before provider calls,
 * rescheduled retries), {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore} (delivery
 * updates and message events) and {@link io.github.knockj.core.spi.MessageStore MessageStore}
 * (message status and history); also {@link io.github.knockj.core.spi.RunStore RunStore}
 * (re-running a failed run).
 */
public abstract class DeliveryContractTest extends ContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected DeliveryContractTest() {}

    private static Workflow mail() {
        return Workflow.builder("mail").step(Steps.channel("mail", "email").subject("hello")).build();
    }

    private Message onlyMessage(Notifier n) {
        List<Message> ms = n.runs().messages(n.runs().ofTrigger(lastTrigger, 1).get(0).id());
        assertThat(ms).hasSize(1);
        return ms.get(0);
    }

    /** A notifier of {@link #mail()} whose listener adds each status change to {@code heard}, as "PREVIOUS->NEW". */
    private Notifier hearing(List<String> heard) {
        return track(builder().workflow(mail()).listener(new NotifierListener() {
            @Override
            public void onDeliveryStatusChanged(Message m, DeliveryStatus previous) {
                heard.add(previous + "->" + m.status());
            }
        }).build());
    }

    private String lastTrigger;

    private void send(Notifier n) {
        n.users().identify(user("ada"));
        lastTrigger = n.trigger("mail").recipients("ada").send().triggerId();
        kit.runDue();
    }

    @Test
    void retryableFailuresAreRetriedWithBackoffUntilDelivered() {
        AtomicInteger calls = new AtomicInteger();
        email.answering(m -> calls.incrementAndGet() < 3 ? DeliveryResult.retryable("503 from upstream", null) : DeliveryResult.sent("p-1"));
        Notifier n = notifier(mail());
        send(n);
        assertThat(onlyMessage(n).status()).isEqualTo(DeliveryStatus.DELIVERY_ATTEMPTED);
        kit.advance(Duration.ofSeconds(9));
        assertThat(calls).hasValue(1); // first retry waits 10 s
        kit.advance(Duration.ofSeconds(1));
        assertThat(calls).hasValue(2);
        kit.advance(Duration.ofSeconds(19));
        assertThat(calls).hasValue(2); // second retry waits 20 s
        kit.advance(Duration.ofSeconds(1));
        Message m = onlyMessage(n);
        assertThat(m.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(m.attempts()).isEqualTo(3);
        assertThat(n.messages().history(m.id())).extracting(MessageEvent::type)
                .containsExactly("queued", "delivery_attempted", "delivery_attempted", "sent");
        assertThat(email.sent()).extracting(o -> o.attempt()).containsExactly(1, 2, 3);
        assertThat(email.sent()).extracting(o -> o.idempotencyKey()).containsOnly(m.id());
    }

    @Test
    void retriesAreExhaustedIntoUndelivered() {
        email.answering(m -> DeliveryResult.retryable("timeout", null));
        Notifier n = notifier(mail());
        send(n);
        kit.advance(Duration.ofMinutes(10));
        Message m = onlyMessage(n);
        assertThat(m.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
        assertThat(m.attempts()).isEqualTo(3);
        assertThat(n.messages().history(m.id())).last().satisfies(e -> assertThat(e.detail()).contains("gave up after 3 attempts"));
    }

    @Test
    void retryAfterFromTheProviderIsHonoured() {
        AtomicInteger calls = new AtomicInteger();
        email.answering(m -> calls.incrementAndGet() == 1 ? DeliveryResult.retryable("429", Duration.ofSeconds(45)) : DeliveryResult.delivered(null));
        Notifier n = notifier(mail());
        send(n);
        kit.advance(Duration.ofSeconds(44));
        assertThat(calls).hasValue(1);
        kit.advance(Duration.ofSeconds(1));
        assertThat(onlyMessage(n).status()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @Test
    void permanentFailureIsUndeliveredAtOnce() {
        email.answering(m -> DeliveryResult.permanent("550 no such mailbox"));
        Notifier n = notifier(mail());
        send(n);
        Message m = onlyMessage(n);
        assertThat(m.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
        assertThat(n.messages().history(m.id())).last().satisfies(e -> assertThat(e.detail()).isEqualTo("550 no such mailbox"));
    }

    @Test
    void aFailingProviderFailsOverToTheNextOne() {
        RecordingProvider primary = RecordingProvider.of(ChannelType.EMAIL).answering(m -> DeliveryResult.retryable("down", null));
        RecordingProvider backup = RecordingProvider.of(ChannelType.EMAIL);
        Notifier n = track(Notifier.builder().store(store).testKit(kit)
                .channel("email", new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(1), 0), primary, backup)
                .workflow(mail()).build());
        send(n);
        assertThat(primary.sent()).hasSize(1);
        assertThat(backup.sent()).hasSize(1);
        Message m = onlyMessage(n);
        assertThat(m.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(n.messages().history(m.id())).extracting(MessageEvent::type).containsExactly("queued", "delivery_attempted", "delivered");
        assertThat(n.messages().history(m.id()).get(1).detail()).contains("failing over");
    }

    @Test
    void providersThatThrowOrAnswerNothingAreRetriedAndOtherChannelsFlow() {
        email.answering(m -> { throw new IllegalStateException("bug in provider"); });
        sms.answering(m -> null);
        Notifier n = notifier(Workflow.builder("all")
                .step(Steps.channel("mail", "email").subject("x"))
                .step(Steps.channel("text", "sms").text("x"))
                .step(Steps.channel("p", "push").title("x"))
                .build());
        n.users().identify(io.github.knockj.core.User.builder("ada").email("a@example.com").phoneNumber("+14155550100")
                .channelData("push", java.util.Map.of("tokens", List.of("tok"))).build());
        String trigger = n.trigger("all").recipients("ada").send().triggerId();
        kit.advance(Duration.ofMinutes(10));
        List<Message> ms = n.runs().messages(n.runs().ofTrigger(trigger, 1).get(0).id());
        assertThat(ms).extracting(Message::channelKey, Message::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("email", DeliveryStatus.UNDELIVERED),
                org.assertj.core.groups.Tuple.tuple("sms", DeliveryStatus.UNDELIVERED),
                org.assertj.core.groups.Tuple.tuple("push", DeliveryStatus.DELIVERED));
        Message mail = ms.stream().filter(m -> m.channelKey().equals("email")).findFirst().orElseThrow();
        assertThat(n.messages().history(mail.id()).get(1).detail()).contains("threw IllegalStateException: bug in provider");
        assertThat(store.countJobs()).isZero();
    }

    @Test
    void listenersHearDeliveryStatusChanges() {
        List<String> heard = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        email.answering(m -> calls.incrementAndGet() == 1 ? DeliveryResult.retryable("x", null) : DeliveryResult.delivered(null));
        Notifier n = hearing(heard);
        send(n);
        kit.advance(Duration.ofMinutes(1));
        assertThat(heard).containsExactly("QUEUED->DELIVERY_ATTEMPTED", "DELIVERY_ATTEMPTED->DELIVERED");
    }

    @Test
    void providerLimitsMakeDeliveriesWaitWithoutSpendingAttempts() {
        Notifier n = track(builder().limit("email", new ProviderLimits(2, Duration.ofMinutes(1), 10)).workflow(mail()).build());
        for (int i = 0; i < 5; i++) {
            n.users().identify(user("u" + i));
            n.trigger("mail").recipients("u" + i).send();
        }
        kit.runDue();
        assertThat(email.sent()).hasSize(2);
        kit.advance(Duration.ofSeconds(59));
        assertThat(email.sent()).hasSize(2);
        kit.advance(Duration.ofSeconds(1));
        assertThat(email.sent()).hasSize(4);
        kit.advance(Duration.ofMinutes(1));
        assertThat(email.sent()).hasSize(5).allSatisfy(m -> assertThat(m.attempt()).isEqualTo(1));
        assertThat(store.countJobs()).isZero();
    }

    @Test
    void invalidPushTokensAreDeregisteredWhenAsked() {
        push.answering(m -> DeliveryResult.sent("p").withInvalidTokens(List.of("dead")));
        Notifier n = track(builder().deregisterInvalidTokens()
                .workflow(Workflow.builder("p").step(Steps.channel("p", "push").title("hi")).build()).build());
        n.users().identify(io.github.knockj.core.User.builder("ada").channelData("push", java.util.Map.of("tokens", List.of("live", "dead"))).build());
        n.trigger("p").recipients("ada").send();
        kit.runDue();
        assertThat(n.users().get("ada").orElseThrow().channelData("push")).isEqualTo(java.util.Map.of("tokens", List.of("live")));
        push.answering(m -> DeliveryResult.invalidToken("unregistered"));
        n.trigger("p").recipients("ada").send();
        kit.runDue();
        assertThat(n.users().get("ada").orElseThrow().channelData("push")).isEqualTo(java.util.Map.of("tokens", List.of()));
    }

    @Test
    void anUndeliveredMessageCanBeRetriedByHand() {
        AtomicInteger calls = new AtomicInteger();
        email.answering(m -> calls.incrementAndGet() == 1 ? DeliveryResult.permanent("mailbox full") : DeliveryResult.delivered(null));
        Notifier n = notifier(mail());
        send(n);
        Message m = onlyMessage(n);
        assertThat(m.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> n.messages().retry("nope")).isInstanceOf(io.github.knockj.core.NotFoundException.class);
        n.messages().retry(m.id());
        kit.runDue();
        assertThat(onlyMessage(n).status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(n.messages().history(m.id())).extracting(MessageEvent::type).containsExactly("queued", "undelivered", "queued", "delivered");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> n.messages().retry(m.id()))
                .isInstanceOf(io.github.knockj.core.InvalidInputException.class).hasMessageContaining("only undelivered or bounced");
    }

    @Test
    void providerCallbacksRecordBouncesAndDeliveries() {
        email.answering(m -> DeliveryResult.sent("smtp-1"));
        List<String> heard = new CopyOnWriteArrayList<>();
        Notifier n = hearing(heard);
        send(n);
        Message m = onlyMessage(n);
        n.messages().recordProviderStatus(m.id(), DeliveryStatus.BOUNCED, "550 mailbox unavailable");
        assertThat(onlyMessage(n).status()).isEqualTo(DeliveryStatus.BOUNCED);
        assertThat(n.messages().history(m.id())).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo("bounced");
            assertThat(e.detail()).isEqualTo("550 mailbox unavailable");
        });
        assertThat(heard).containsExactly("QUEUED->SENT", "SENT->BOUNCED");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> n.messages().recordProviderStatus(m.id(), DeliveryStatus.QUEUED, null))
                .isInstanceOf(io.github.knockj.core.InvalidInputException.class);
    }

    /**
     * A provider's callback that lands while the deliverer is still waiting for that provider's answer
     * wins: the deliverer's outcome (read QUEUED, answered SENT) applies only if the message is still
     * in the status it read. The attempt stays on record (its history event and the attempt count),
     * the job is finished, and nothing is sent twice or announced as a change that did not happen.
     */
    @Test
    void aProviderCallbackDuringTheProviderCallIsNotOverwrittenByTheDeliverersOutcome() throws Exception {
        java.util.concurrent.CountDownLatch calling = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        email.answering(m -> {
            calling.countDown();
            try {
                if (!answer.await(30, java.util.concurrent.TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DeliveryResult.sent("smtp-1");
        });
        List<String> heard = new CopyOnWriteArrayList<>();
        Notifier n = hearing(heard);
        n.users().identify(user("ada"));
        lastTrigger = n.trigger("mail").recipients("ada").send().triggerId();
        java.util.concurrent.ExecutorService runner = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<Integer> delivering = runner.submit(kit::runDue);
            assertThat(calling.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Message queued = onlyMessage(n);
            assertThat(queued.status()).isEqualTo(DeliveryStatus.QUEUED);
            n.messages().recordProviderStatus(queued.id(), DeliveryStatus.DELIVERED, "delivery receipt");
            answer.countDown();
            delivering.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            answer.countDown();
            runner.shutdownNow();
        }
        kit.advance(Duration.ofMinutes(10));
        Message m = onlyMessage(n);
        assertThat(m.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(m.attempts()).isEqualTo(1);
        assertThat(n.messages().history(m.id())).extracting(MessageEvent::type).containsExactly("queued", "delivered", "sent");
        assertThat(n.messages().history(m.id())).last().satisfies(e -> assertThat(e.detail()).contains("smtp-1"));
        assertThat(email.sent()).hasSize(1);
        assertThat(heard).containsExactly("QUEUED->DELIVERED");
        assertThat(kit.runDue()).isZero();
    }

    @Test
    void aFailedRunCanBeReRunFromItsFailedStep() {
        AtomicInteger calls = new AtomicInteger();
        Notifier n = notifier(Workflow.builder("w")
                .step(Steps.channel("first", "in-app").body("one"))
                .step(Steps.updateData("flaky", ctx -> {
                    if (calls.incrementAndGet() <= 3) throw new IllegalStateException("down");
                    return java.util.Map.of("ok", true);
                }))
                .step(Steps.channel("mail", "email").subject("after {{ data.ok }}"))
                .build());
        n.users().identify(user("ada"));
        String t = n.trigger("w").recipients("ada").send().triggerId();
        kit.advance(Duration.ofMinutes(5));
        io.github.knockj.core.WorkflowRun failed = n.runs().ofTrigger(t, 1).get(0);
        assertThat(failed.status()).isEqualTo(io.github.knockj.core.RunStatus.FAILED);
        n.runs().rerun(failed.id());
        kit.runDue();
        assertThat(n.runs().get(failed.id()).orElseThrow().status()).isEqualTo(io.github.knockj.core.RunStatus.COMPLETED);
        assertThat(email.sentContent("subject")).containsExactly("after true");
        assertThat(n.feed("ada", "in-app").list().items()).hasSize(1); // the first step did not run again
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> n.runs().rerun(failed.id()))
                .isInstanceOf(io.github.knockj.core.InvalidInputException.class).hasMessageContaining("only failed runs");
    }

    @Test
    void aHangingProviderTimesOutAndOtherChannelsKeepFlowing() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        sms.answering(m -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DeliveryResult.sent(null);
        });
        Notifier n = track(builder().providerCallTimeout(Duration.ofMillis(200)).workflow(Workflow.builder("both")
                .step(Steps.channel("text", "sms").text("x"))
                .step(Steps.channel("mail", "email").subject("x"))
                .build()).build());
        try {
            n.users().identify(io.github.knockj.core.User.builder("ada").email("a@example.com").phoneNumber("+14155550100").build());
            String t = n.trigger("both").recipients("ada").send().triggerId();
            long start = System.nanoTime();
            kit.runDue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            List<Message> ms = n.runs().messages(n.runs().ofTrigger(t, 1).get(0).id());
            Message text = ms.stream().filter(m -> m.channelKey().equals("sms")).findFirst().orElseThrow();
            Message mail = ms.stream().filter(m -> m.channelKey().equals("email")).findFirst().orElseThrow();
            assertThat(mail.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(text.status()).isEqualTo(DeliveryStatus.DELIVERY_ATTEMPTED);
            assertThat(n.messages().history(text.id())).last().satisfies(e -> assertThat(e.detail()).contains("did not answer within PT0.2S"));
        } finally {
            release.countDown();
        }
    }
}
