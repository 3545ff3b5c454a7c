package io.github.knockj.micrometer;

import io.github.knockj.core.spi.NotifierTracing;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
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
 * <p><b>Parenting is in-process.</b> The context a span hands the engine (stored with the trigger)
 * names the observation in a bounded table of this instance ({@link #DEFAULT_MAX_REMEMBERED} most
 * recent spans). Runs and deliveries executed by this instance, on any thread, join their trigger's
 * observation (and, through a tracing bridge, its trace); those executed by another instance, after
 * a restart, or after the table has moved on start a new observation with no parent. The trigger,
 * run and message ids are high-cardinality keys on every span, so a tracing backend can still join
 * such spans to their trigger by id. W3C {@code traceparent} propagation across instances (through
 * micrometer-tracing's {@code Propagator}) is not done yet.
 */
public final class KnockObservations implements NotifierTracing {
    /** Name of the observation of a trigger's acceptance. */
    public static final String TRIGGER = "knock.trigger";
    /** Name of the observation of a run's steps executing. */
    public static final String RUN = "knock.run";
    /** Name of the observation of a provider call. */
    public static final String DELIVERY = "knock.delivery";
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
        Observation current = registry.getCurrentObservation();
        return current == null ? null : remember(current);
    }

    /**
     * Starts an observation, in scope on the calling thread until it ends.
     *
     * @param name the span's name
     * @param parentContext a context this instance gave, or null (or another instance's) for no parent
     * @param lowCardinalityTags low-cardinality key values
     * @param highCardinalityTags high-cardinality key values
     * @return the started span
     */
    @Override
    public Span start(String name, String parentContext, Map<String, String> lowCardinalityTags, Map<String, String> highCardinalityTags) {
        Observation parent = parentContext == null ? null : recall(parentContext);
        Observation o = Observation.createNotStarted(name, registry);
        if (parent != null) o.parentObservation(parent);
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

    private String remember(Observation o) {
        String id = prefix + sequence.incrementAndGet();
        synchronized (remembered) {
            remembered.put(id, o);
        }
        return id;
    }

    private Observation recall(String context) {
        if (!context.startsWith(prefix)) return null;
        synchronized (remembered) {
            return remembered.get(context);
        }
    }
}
