package io.github.knockj.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.ChannelType;
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
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The observations of real runs on the in-memory store, driven by a TestKit: trigger → run → delivery,
 * parented on the caller's observation; {@link KnockObservationsOnH2Test} runs them on H2, where the
 * trigger's context makes the round trip through the database.
 */
class KnockObservationsTest {
    private final TestKit kit = TestKit.create();
    private final ObservationRegistry registry = ObservationRegistry.create();
    /** Every observation stopped, in order. */
    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    private final RecordingProvider mail = RecordingProvider.of(ChannelType.EMAIL);
    private Notifier notifier;
    private Store store;

    KnockObservationsTest() {
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
    }

    /** The store the notifier runs on; the in-memory store here. */
    Store newStore() {
        return InMemoryStore.create();
    }

    @AfterEach
    void close() {
        if (notifier != null) notifier.close();
        if (store != null) store.close();
    }

    private void start(Notifier.Builder b) {
        store = newStore();
        notifier = b.store(store).testKit(kit).tracing(KnockObservations.of(registry)).build();
        notifier.users().identify(User.builder("ada").email("ada@example.com").build());
    }

    private List<Observation.Context> named(String name) {
        return stopped.stream().filter(c -> c.getName().equals(name)).toList();
    }

    private static String low(Observation.Context c, String key) {
        var kv = c.getLowCardinalityKeyValue(key);
        return kv == null ? null : kv.getValue();
    }

    private static String high(Observation.Context c, String key) {
        var kv = c.getHighCardinalityKeyValue(key);
        return kv == null ? null : kv.getValue();
    }

    @Test
    void aTriggerItsRunAfterADelayAndItsDeliveryAreOneTreeUnderTheCallersObservation() {
        start(Notifier.builder().channel("mail", mail)
                .workflow(Workflow.builder("welcome").step(Steps.delay("wait", Duration.ofMinutes(1)))
                        .step(Steps.channel("email", "mail").subject("s").text("t")).build()));

        Observation request = Observation.start("http.request", registry);
        String triggerId;
        try (Observation.Scope ignored = request.openScope()) {
            triggerId = notifier.trigger("welcome").recipients("ada").send().triggerId();
        } finally {
            request.stop();
        }
        kit.runDue();                       // the run starts and pauses at the delay
        kit.advance(Duration.ofMinutes(2)); // a RUN job continues it; the email goes out

        assertThat(mail.sent()).hasSize(1);
        Observation.Context trigger = named(KnockObservations.TRIGGER).get(0);
        assertThat(named(KnockObservations.TRIGGER)).hasSize(1);
        assertThat(trigger.getParentObservation().getContextView().getName()).isEqualTo("http.request");
        assertThat(low(trigger, "knock.workflow")).isEqualTo("welcome");
        assertThat(high(trigger, "knock.trigger.id")).isEqualTo(triggerId);
        assertThat(low(trigger, "knock.replay")).isEqualTo("false");

        List<Observation.Context> runs = named(KnockObservations.RUN);
        assertThat(runs).as("the run's start, then its continuation after the delay").hasSize(2);
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.getParentObservation().getContextView()).isSameAs(trigger);
            assertThat(low(r, "knock.workflow")).isEqualTo("welcome");
            assertThat(high(r, "knock.trigger.id")).isEqualTo(triggerId);
            assertThat(high(r, "knock.recipient")).isEqualTo("ada");
            assertThat(r.getError()).isNull();
        });
        assertThat(low(runs.get(0), "knock.run.status")).isEqualTo("paused");
        assertThat(low(runs.get(1), "knock.run.status")).isEqualTo("completed");
        assertThat(high(runs.get(1), "knock.step")).isEqualTo("email");

        Observation.Context delivery = named(KnockObservations.DELIVERY).get(0);
        assertThat(delivery.getParentObservation().getContextView()).isSameAs(trigger);
        assertThat(low(delivery, "knock.workflow")).isEqualTo("welcome");
        assertThat(low(delivery, "knock.channel")).isEqualTo("mail");
        assertThat(low(delivery, "knock.provider")).isEqualTo("recording-email");
        assertThat(low(delivery, "knock.result")).isEqualTo("delivered");
        assertThat(high(delivery, "knock.message.id")).isEqualTo(mail.sent().get(0).message().id());
        assertThat(high(delivery, "knock.run.id")).isEqualTo(high(runs.get(0), "knock.run.id"));
        assertThat(delivery.getError()).isNull();
    }

    @Test
    void aFailingProviderCallIsADeliveryWithAnErrorAndWhatAProviderThrowsIsThatError() {
        IllegalStateException boom = new IllegalStateException("connection reset");
        mail.answering(m -> {
            if (m.attempt() == 1) return DeliveryResult.retryable("HTTP 503", null);
            throw boom;
        });
        start(Notifier.builder().channel("mail", new RetryPolicy(2, Duration.ofSeconds(10), Duration.ofMinutes(1), 0), mail)
                .workflow(Workflow.builder("w").step(Steps.channel("email", "mail").subject("s").text("t")).build()));

        notifier.trigger("w").recipients("ada").send();
        kit.runDue();
        kit.advance(Duration.ofMinutes(5));

        List<Observation.Context> deliveries = named(KnockObservations.DELIVERY);
        assertThat(deliveries).hasSize(2);
        assertThat(low(deliveries.get(0), "knock.result")).isEqualTo("retryable");
        assertThat(deliveries.get(0).getError()).hasMessageContaining("HTTP 503");
        assertThat(high(deliveries.get(1), "knock.attempt")).isEqualTo("2");
        assertThat(deliveries.get(1).getError()).isSameAs(boom);
        Observation.Context trigger = named(KnockObservations.TRIGGER).get(0);
        assertThat(trigger.getParentObservation()).as("no observation around the caller: a new trace").isNull();
        assertThat(deliveries).allSatisfy(d -> assertThat(d.getParentObservation().getContextView()).isSameAs(trigger));
    }

    @Test
    void aWorkflowTriggeredByARunStaysInItsTraceUnderThatRunsObservation() {
        start(Notifier.builder().channel("mail", mail)
                .workflow(Workflow.builder("parent").step(Steps.triggerWorkflow("next", "child")).build())
                .workflow(Workflow.builder("child").step(Steps.channel("email", "mail").subject("s").text("t")).build()));

        notifier.trigger("parent").recipients("ada").send();
        kit.runDue();

        assertThat(mail.sent()).hasSize(1);
        Observation.Context parentRun = named(KnockObservations.RUN).stream()
                .filter(r -> "parent".equals(low(r, "knock.workflow"))).findFirst().orElseThrow();
        Observation.Context childRun = named(KnockObservations.RUN).stream()
                .filter(r -> "child".equals(low(r, "knock.workflow"))).findFirst().orElseThrow();
        assertThat(childRun.getParentObservation().getContextView()).as("the child trigger's context is the parent run's span").isSameAs(parentRun);
        assertThat(named(KnockObservations.DELIVERY).get(0).getParentObservation().getContextView()).isSameAs(parentRun);
    }

    @Test
    void aContextFromAnotherInstanceOrUnknownStartsANewObservationAndTheTableIsBounded() {
        KnockObservations one = KnockObservations.of(registry, 1);
        var first = one.start("a", null, java.util.Map.of(), java.util.Map.of());
        String firstContext = first.context();
        first.end(null);
        var second = one.start("b", null, java.util.Map.of(), java.util.Map.of());
        second.context(); // pushes the first out of a table of one
        second.end(null);
        one.start("c", firstContext, java.util.Map.of(), java.util.Map.of()).end(null);
        KnockObservations.of(registry).start("d", second.context(), java.util.Map.of(), java.util.Map.of()).end(null);

        assertThat(named("c").get(0).getParentObservation()).isNull();
        assertThat(named("d").get(0).getParentObservation()).as("another instance's context").isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KnockObservations.of(registry, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
    }
}
