package io.github.knockj.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.Steps;
import io.github.knockj.core.TestKit;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.Store;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One trace across two instances: notifier A accepts the trigger inside the caller's span, notifier
 * B (its own tracer and registry, its own {@link KnockObservations}, the same store) runs and
 * delivers it. B cannot find A's observation in its table, so the trace must travel in the stored
 * context, through a real tracer's propagation (Brave behind micrometer-tracing's handlers).
 */
class KnockObservationsPropagationTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    /** Every span either instance finished. */
    private final List<MutableSpan> finished = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** A tracer and an observation registry with the handlers Spring Boot registers for a bridge. */
    private final class Instance {
        final Tracing tracing;
        final BraveTracer tracer;
        final ObservationRegistry registry = ObservationRegistry.create();

        Instance(String service) {
            ThreadLocalCurrentTraceContext current = ThreadLocalCurrentTraceContext.newBuilder().build();
            tracing = Tracing.newBuilder().localServiceName(service).currentTraceContext(current)
                    .addSpanHandler(new SpanHandler() {
                        @Override
                        public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                            finished.add(span);
                            return true;
                        }
                    })
                    .build();
            tracer = new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(current), new BraveBaggageManager());
            BravePropagator propagator = new BravePropagator(tracing);
            registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                    new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                    new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                    new DefaultTracingObservationHandler(tracer)));
            closing.add(tracing::close);
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) c.close();
    }

    private Notifier notifier(Store store, TestKit kit, Instance instance, RecordingProvider mail) {
        Notifier n = Notifier.builder().store(store).testKit(kit).tracing(KnockObservations.of(instance.registry))
                .channel("email", mail)
                .workflow(Workflow.builder("welcome").step(Steps.channel("mail", "email").subject("Hi {{ recipient.name }}")).build())
                .build();
        closing.add(0, n);
        return n;
    }

    private List<MutableSpan> named(String name) {
        return finished.stream().filter(s -> name.equals(s.name())).toList();
    }

    @Test
    void aTriggerAcceptedOnOneInstanceAndDeliveredByAnotherIsOneTrace() {
        Store store = InMemoryStore.create();
        closing.add(store::close);
        Instance a = new Instance("app-a");
        Instance b = new Instance("app-b");
        RecordingProvider mailA = RecordingProvider.of(ChannelType.EMAIL);
        RecordingProvider mailB = RecordingProvider.of(ChannelType.EMAIL);
        Notifier onA = notifier(store, TestKit.startingAt(START), a, mailA);
        TestKit kitB = TestKit.startingAt(START);
        notifier(store, kitB, b, mailB);
        onA.users().identify(User.builder("ada").name("Ada").email("ada@example.com").build());

        Observation request = Observation.createNotStarted("http.server.request", a.registry).start();
        String traceId;
        try (Observation.Scope ignored = request.openScope()) {
            traceId = a.tracer.currentSpan().context().traceId();
            onA.trigger("welcome").recipients("ada").send();
        } finally {
            request.stop();
        }
        kitB.runDue();

        assertThat(mailB.sentContent("subject")).as("delivered by instance B").containsExactly("Hi Ada");
        assertThat(mailA.sent()).isEmpty();
        MutableSpan trigger = named("knock.trigger").get(0);
        MutableSpan run = named("knock.run").get(0);
        MutableSpan delivery = named("knock.delivery").get(0);
        List<MutableSpan> handOffs = named("knock.handoff");
        assertThat(List.of(trigger, run, delivery)).extracting(MutableSpan::traceId).containsOnly(traceId);
        assertThat(trigger.localServiceName()).isEqualTo("app-a");
        assertThat(run.localServiceName()).isEqualTo("app-b");
        assertThat(delivery.localServiceName()).isEqualTo("app-b");
        assertThat(trigger.parentId()).as("the caller's span").isEqualTo(traceId);
        assertThat(handOffs).as("one hand-off, the one the trigger's stored context carries").singleElement()
                .satisfies(h -> {
                    assertThat(h.parentId()).isEqualTo(trigger.id());
                    assertThat(h.localServiceName()).isEqualTo("app-a");
                    assertThat(run.parentId()).isEqualTo(h.id());
                    assertThat(delivery.parentId()).isEqualTo(h.id());
                });
    }
}
