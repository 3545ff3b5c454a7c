package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.NotifierTracing;
import io.github.knockj.core.spi.Store;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What tracing costs in store reads: nothing when it is off, and the documented bulk reads when it
 * is on (the triggers of a chunk of continued runs; the runs and triggers of a chunk of deliveries).
 */
class TracingReadsTest {
    /** Store calls by method name, for one trigger whose run pauses at a delay and then sends an email. */
    private static Map<String, Integer> reads(NotifierTracing tracing) {
        InMemoryStore real = InMemoryStore.create();
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        Store counted = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
            calls.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        TestKit kit = TestKit.create();
        RecordingProvider mail = RecordingProvider.of(ChannelType.EMAIL);
        try (Notifier notifier = Notifier.builder().store(counted).testKit(kit).channel("mail", mail).tracing(tracing)
                .workflow(Workflow.builder("w").step(Steps.delay("wait", Duration.ofMinutes(1)))
                        .step(Steps.channel("email", "mail").subject("s").text("t")).build()).build()) {
            notifier.users().identify(User.builder("ada").email("ada@example.com").build());
            notifier.trigger("w").recipients("ada").send();
            kit.runDue();
            kit.advance(Duration.ofMinutes(2));
            assertThat(mail.sent()).hasSize(1);
        }
        Map<String, Integer> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Test
    void tracingOffReadsNoTraceContextAndTracingOnReadsTheDocumentedBulkQueriesOnly() {
        NotifierTracing recording = (name, parent, low, high) -> NotifierTracing.Span.NONE;
        Map<String, Integer> off = reads(NotifierTracing.NONE);
        Map<String, Integer> on = reads(recording);

        assertThat(off.getOrDefault("findRuns", 0)).as("no run read for deliveries when not traced").isZero();
        Map<String, Integer> extra = new TreeMap<>();
        on.forEach((k, v) -> {
            int d = v - off.getOrDefault(k, 0);
            if (d != 0) extra.put(k, d);
        });
        // the continued run's trigger (one job in its chunk: findTrigger), and the delivery's run and trigger
        assertThat(extra).isEqualTo(Map.of("findTrigger", 1, "findRuns", 1, "findTriggers", 1));
    }
}
