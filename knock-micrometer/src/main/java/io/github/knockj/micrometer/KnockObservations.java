package io.github.knockj.micrometer;

import io.github.knockj.core.spi.NotifierTracing;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micrometer Observations for a Notifier's spans ({@link NotifierTracing}): set it with
 * {@code Notifier.builder().tracing(KnockObservations.of(registry))}. Each span is an
 * {@link Observation} in {@code registry}, so whatever handlers it has (a micrometer-tracing bridge
 * making spans, timers) see them:
 * <ul>
 *   <li>{@value #TRIGGER} on the caller's thread when a trigger is accepted, child of the caller's
 *       current observation; low-cardinality key {@code knock.workflow}, high-cardinality
 *       {@code knock.trigger.id}, and {@code knock.replay} (true for an idempotent replay).</li>
 *   <li>{@value #RUN} each time a run's steps execute (when it starts, after a delay, after a batch
 *       flush), child of its trigger's (for a workflow triggered by a run's trigger-workflow step, of
 *       that run's); {@code knock.workflow}, {@code knock.run.status}; high
 *       {@code knock.run.id}, {@code knock.trigger.id}, {@code knock.recipient}, {@code knock.step}.</li>
 *   <li>{@value #DELIVERY} around each provider call, child of its trigger's, on the provider call
 *       thread and in scope there (so the provider's own HTTP client observations nest under it);
 *       {@code knock.workflow}, {@code knock.channel}, {@code knock.provider}, {@code knock.result}
 *       (delivered, sent, retryable, permanent, invalid_token); high {@code knock.message.id},
 *       {@code knock.run.id}, {@code knock.attempt}. A failed call is the observation's error: what the
 *       provider threw, or an exception naming the failure it answered.</li>
 * </ul>
 *
 * <p><b>Parenting.</b> The context a span hands the engine (stored with the trigger) names the
 * observation in a bounded table of this instance ({@link #DEFAULT_MAX_REMEMBERED} most recent
 * spans), so runs and deliveries executed by this instance, on any thread, join their trigger's
 * observation. It also carries the trace across instances and restarts: when the registry has a
 * tracing bridge (micrometer-tracing's propagating sender and receiver handlers, which Spring Boot
 * registers with a bridge on the classpath), a {@value #HANDOFF} observation — a
 * {@link SenderContext}, child of the span — writes the propagation headers (W3C
 * {@code traceparent}, or what the bridge propagates) into the context, and a run or delivery that
 * does not find the parent in its own table starts as a {@link ReceiverContext} reading them, so it
 * joins the same trace under that hand-off. Without a bridge the headers are empty and such a span
 * starts with no parent. The trigger, run and message ids are high-cardinality keys on every span
 * either way.
 */
public final class KnockObservations implements NotifierTracing {
    /** Name of the observation of a trigger's acceptance. */
    public static final String TRIGGER = "knock.trigger";
    /** Name of the observation of a run's steps executing. */
    public static final String RUN = "knock.run";
    /** Name of the observation of a provider call. */
    public static final String DELIVERY = "knock.delivery";
    /**
     * Name of the observation that hands a span's trace to the durable queue: a {@link SenderContext}
     * whose carrier is stored with the trigger, so that runs and deliveries on any instance continue
     * the trace.
     */
    public static final String HANDOFF = "knock.handoff";
    /** How many recent observations are kept to be named as parents, if not set otherwise. */
    public static final int DEFAULT_MAX_REMEMBERED = 10_000;

    private final ObservationRegistry registry;
    /** Distinguishes this instance's contexts from those stored by another instance. */
    private final String prefix = "knock-obs:" + UUID.randomUUID() + ":";
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Observation> remembered;

    private KnockObservations(ObservationRegistry registry, int maxRemembered) {
        this.registry = registry;
        this.remembered = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Observation> eldest) {
                return size() > maxRemembered;
            }
        };
    }

    /**
     * Observations in {@code registry}, remembering the {@link #DEFAULT_MAX_REMEMBERED} most recent
     * as parents.
     *
     * @param registry where the observations go
     * @return the tracing to give {@code Notifier.Builder.tracing}
     */
    public static KnockObservations of(ObservationRegistry registry) {
        return of(registry, DEFAULT_MAX_REMEMBERED);
    }

    /**
     * Observations in {@code registry}, remembering the {@code maxRemembered} most recent as parents.
     *
     * @param registry where the observations go
     * @param maxRemembered how many recent observations can be named as parents; at least 1
     * @return the tracing to give {@code Notifier.Builder.tracing}
     * @throws IllegalArgumentException if {@code maxRemembered} is below 1
     */
    public static KnockObservations of(ObservationRegistry registry, int maxRemembered) {
        Objects.requireNonNull(registry, "registry");
        if (maxRemembered < 1) throw new IllegalArgumentException("maxRemembered must be at least 1, was " + maxRemembered);
        return new KnockObservations(registry, maxRemembered);
    }

    /**
     * The caller's current observation, remembered to parent the trigger's.
     *
     * @return its context, or null if the caller is in no observation
     */
    @Override
    public String capture() {
        // consumed at once, on this thread, as the trigger span's parent: no hand-off needed
        Observation current = registry.getCurrentObservation();
        return current == null ? null : rememberLocally(current);
    }

    @Override
    public Span start(String name, String parentContext, Map<String, String> lowCardinalityTags, Map<String, String> highCardinalityTags) {
        Observation parent = null;
        Map<String, String> headers = Map.of();
        if (parentContext != null) {
            int bar = parentContext.indexOf('|');
            parent = recall(bar < 0 ? parentContext : parentContext.substring(0, bar));
            if (parent == null && bar >= 0) headers = decode(parentContext.substring(bar + 1));
        }
        Observation o;
        if (parent == null && !headers.isEmpty()) {
            ReceiverContext<Map<String, String>> received = new ReceiverContext<>(Map::get);
            received.setCarrier(headers);
            o = Observation.createNotStarted(name, () -> received, registry);
        } else {
            o = Observation.createNotStarted(name, registry);
            if (parent != null) o.parentObservation(parent);
        }
        lowCardinalityTags.forEach(o::lowCardinalityKeyValue);
        highCardinalityTags.forEach(o::highCardinalityKeyValue);
        o.start();
        Observation.Scope scope = o.openScope();
        return new Span() {
            private String context;

            @Override
            public String context() {
                if (context == null) context = remember(o);
                return context;
            }

            @Override
            public void tag(String key, String value, boolean highCardinality) {
                if (highCardinality) o.highCardinalityKeyValue(key, value);
                else o.lowCardinalityKeyValue(key, value);
            }

            @Override
            public void end(Throwable error) {
                scope.close();
                if (error != null) o.error(error);
                o.stop();
            }
        };
    }

    private String rememberLocally(Observation o) {
        String id = prefix + sequence.incrementAndGet();
        synchronized (remembered) {
            remembered.put(id, o);
        }
        return id;
    }

    private String remember(Observation o) {
        String id = rememberLocally(o);
        Map<String, String> headers = handOff(o);
        return headers.isEmpty() ? id : id + "|" + encode(headers);
    }

    /** The propagation headers of a hand-off observation under {@code parent}; empty without a tracing bridge. */
    private Map<String, String> handOff(Observation parent) {
        Map<String, String> headers = new LinkedHashMap<>();
        SenderContext<Map<String, String>> sent = new SenderContext<>((carrier, key, value) -> {
            if (carrier != null && key != null && value != null) carrier.put(key, value);
        });
        sent.setCarrier(headers);
        Observation.createNotStarted(HANDOFF, () -> sent, registry).parentObservation(parent).start().stop();
        return headers;
    }

    private static String encode(Map<String, String> headers) {
        StringBuilder out = new StringBuilder();
        headers.forEach((k, v) -> {
            if (out.length() > 0) out.append('&');
            out.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    private static Map<String, String> decode(String encoded) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            headers.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private Observation recall(String context) {
        if (!context.startsWith(prefix)) return null;
        synchronized (remembered) {
            return remembered.get(context);
        }
    }
}
