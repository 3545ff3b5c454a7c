package io.github.knockj.micrometer;

import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobQueue;
import io.github.knockj.core.spi.NotifierListener;
import io.github.knockj.core.spi.OutboundMessage;
import io.github.knockj.core.spi.TriggerRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters for a {@link Notifier}: triggers, runs, messages, provider calls, retries, the
 * job queue and batch flushes. It hears the engine as a {@link NotifierListener}, added to the
 * notifier by {@link Builder#build()}, and records into every registry it is bound to with
 * {@link #bindTo(MeterRegistry)}; what happens before the first binding is not counted.
 * {@link #close()} removes the listener.
 *
 * <p>Tags have bounded values: workflow keys, channel keys and provider names come from the
 * notifier's configuration, statuses and outcomes from enums; no user, tenant or message id is ever
 * a tag. The meters (see also the README's "Metrics" section):
 * <ul>
 *   <li>{@value #TRIGGERS} (counter; {@code workflow}): triggers accepted, idempotent replays excluded.</li>
 *   <li>{@value #RUNS_STARTED} (counter; {@code workflow}): runs created, one per recipient.</li>
 *   <li>{@value #RUNS_FINISHED} (counter; {@code workflow}, {@code outcome}): runs that reached a
 *       terminal status (completed, absorbed, stopped, cancelled, failed).</li>
 *   <li>{@value #MESSAGES} (counter; {@code workflow}, {@code channel}, {@code status}): messages that
 *       reached a final status (sent, delivered, undelivered, not_sent, bounced), once per final status
 *       reached (a message sent and later reported bounced counts under both).</li>
 *   <li>{@value #PROVIDER_CALLS} (timer; {@code channel}, {@code provider}, {@code result}): each call
 *       of a channel provider and its latency; result is delivered, sent, retryable, permanent or
 *       invalid_token.</li>
 *   <li>{@value #RETRIES} (counter; {@code channel}, {@code provider}): provider calls that were not a
 *       message's first attempt (a retry after backoff, or a failover to a backup provider).</li>
 *   <li>{@value #BATCH_FLUSH_LAG} (timer; {@code workflow}): how long after its close time a batch was
 *       flushed.</li>
 *   <li>{@value #JOBS} (gauge): jobs in the durable queue, due or not ({@link JobQueue#countJobs()}).</li>
 *   <li>{@value #OLDEST_DUE_JOB_AGE} (time gauge, seconds): how long the earliest claimable job has been
 *       due ({@link JobQueue#nextDueAt}), zero if none is due.</li>
 *   <li>{@value #LEASE_RECOVERIES} (counter; {@code kind}): jobs this instance claimed from a lease that
 *       had run out, the instance holding it having died or stalled; {@code kind} is the job kind.</li>
 * </ul>
 * The two gauges query the store; their reading is cached for {@link Builder#queueReadingTtl} (by
 * default {@link #DEFAULT_QUEUE_READING_TTL}), so a scrape never runs more than one pair of queries
 * per that interval. A failing read reports NaN.
 */
public final class KnockMetrics implements MeterBinder, NotifierListener, AutoCloseable {
    /** Counter of triggers accepted. */
    public static final String TRIGGERS = "knock.triggers";
    /** Counter of runs created. */
    public static final String RUNS_STARTED = "knock.runs.started";
    /** Counter of runs that reached a terminal status. */
    public static final String RUNS_FINISHED = "knock.runs.finished";
    /** Counter of messages that reached a final delivery status. */
    public static final String MESSAGES = "knock.messages";
    /** Timer of channel provider calls. */
    public static final String PROVIDER_CALLS = "knock.provider.calls";
    /** Counter of provider calls that retried a message (after backoff or by failover). */
    public static final String RETRIES = "knock.delivery.retries";
    /** Timer of the lag between a batch's close time and its flush. */
    public static final String BATCH_FLUSH_LAG = "knock.batch.flush.lag";
    /** Gauge of the jobs in the durable queue. */
    public static final String JOBS = "knock.jobs";
    /** Time gauge of how long the earliest claimable job has been due. */
    public static final String OLDEST_DUE_JOB_AGE = "knock.jobs.oldest.due.age";
    /** Counter of jobs this instance took over from a lease that had run out. */
    public static final String LEASE_RECOVERIES = "knock.jobs.lease.recoveries";
    /** How long a queue reading is kept before a scrape reads the store again, if unset. */
    public static final Duration DEFAULT_QUEUE_READING_TTL = Duration.ofSeconds(5);

    private final JobQueue queue;
    private final Clock clock;
    private final long ttlNanos;
    private final Tags tags;
    private final AutoCloseable registration;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private volatile Reading reading;

    /** One reading of the queue: its size, the age of its oldest due job in seconds, and when it was taken. */
    private record Reading(double jobs, double oldestDueSeconds, long takenAtNanos) {}

    private KnockMetrics(Builder b) {
        this.queue = b.notifier.store();
        this.clock = b.clock;
        this.ttlNanos = b.ttl.toNanos();
        this.tags = b.tags;
        this.registration = b.notifier.addListener(this);
    }

    /**
     * Starts meters for {@code notifier}.
     *
     * @param notifier the notifier to measure
     * @return a builder; {@link Builder#build()} adds the listener to the notifier
     * @throws NullPointerException if {@code notifier} is null
     */
    public static Builder builder(Notifier notifier) {
        return new Builder(notifier);
    }

    /**
     * Meters for {@code notifier} with the defaults: the system clock, and queue readings kept for
     * {@link #DEFAULT_QUEUE_READING_TTL}.
     *
     * @param notifier the notifier to measure
     * @return the meters, listening already; bind them with {@link #bindTo(MeterRegistry)}
     * @throws NullPointerException if {@code notifier} is null
     */
    public static KnockMetrics of(Notifier notifier) {
        return builder(notifier).build();
    }

    /** Settings of {@link KnockMetrics}. */
    public static final class Builder {
        private final Notifier notifier;
        private Clock clock = Clock.systemUTC();
        private Duration ttl = DEFAULT_QUEUE_READING_TTL;
        private Tags tags = Tags.empty();

        private Builder(Notifier notifier) {
            this.notifier = Objects.requireNonNull(notifier, "notifier");
        }

        /**
         * The clock the age of the oldest due job is measured with: the notifier's own (a
         * {@link io.github.knockj.core.TestKit}'s in tests). If unset, the system clock.
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long the gauges {@value #JOBS} and {@value #OLDEST_DUE_JOB_AGE} keep a reading of the store
         * before reading it again. Zero reads it on every scrape. If unset, {@link #DEFAULT_QUEUE_READING_TTL}.
         *
         * @param ttl how long a reading is kept, zero or positive
         * @return this builder
         * @throws IllegalArgumentException if {@code ttl} is negative
         * @throws NullPointerException if {@code ttl} is null
         */
        public Builder queueReadingTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative()) throw new IllegalArgumentException("queue reading ttl must not be negative, was " + ttl);
            this.ttl = ttl;
            return this;
        }

        /**
         * Tags added to every meter, to tell apart the meters of several notifiers in one registry
         * (without them, the second notifier's gauges would not register: a registry keeps the first
         * gauge of a name and tags). If unset, none.
         *
         * @param keyValues tag keys and values, alternating
         * @return this builder
         * @throws IllegalArgumentException if an odd number of strings is given
         * @throws NullPointerException if {@code keyValues} is null
         */
        public Builder tags(String... keyValues) {
            Objects.requireNonNull(keyValues, "keyValues");
            if (keyValues.length % 2 != 0) {
                throw new IllegalArgumentException("tags come in key-value pairs, was " + keyValues.length + " strings");
            }
            this.tags = Tags.of(keyValues);
            return this;
        }

        /**
         * Builds the meters and adds them to the notifier as a listener.
         *
         * @return the meters; bind them with {@link KnockMetrics#bindTo(MeterRegistry)}
         */
        public KnockMetrics build() {
            return new KnockMetrics(this);
        }
    }

    /**
     * Registers the queue gauges in {@code registry} and records every later event in it too. May be
     * called for more than one registry.
     *
     * @param registry the registry to record into
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Gauge.builder(JOBS, this, m -> m.read().jobs())
                .description("Jobs in knock's durable queue, due or not")
                .tags(tags)
                .strongReference(true)
                .register(registry);
        TimeGauge.builder(OLDEST_DUE_JOB_AGE, this, TimeUnit.SECONDS, m -> m.read().oldestDueSeconds())
                .description("How long the earliest claimable job of knock's queue has been due; zero if none is")
                .tags(tags)
                .strongReference(true)
                .register(registry);
        registries.add(registry);
    }

    /** Removes the listener from the notifier; meters already registered stay. */
    @Override
    public void close() {
        try {
            registration.close();
        } catch (Exception e) {
            throw new IllegalStateException("removing the metrics listener failed", e);
        }
    }

    private Reading read() {
        Reading r = reading;
        long now = System.nanoTime();
        if (r != null && now - r.takenAtNanos() < ttlNanos) return r;
        synchronized (this) {
            r = reading;
            if (r != null && System.nanoTime() - r.takenAtNanos() < ttlNanos) return r;
            try {
                Instant at = clock.instant();
                double jobs = queue.countJobs();
                double age = queue.oldestDueAge(at).toNanos() / 1e9;
                r = new Reading(jobs, age, System.nanoTime());
            } catch (RuntimeException e) {
                r = new Reading(Double.NaN, Double.NaN, System.nanoTime());
            }
            reading = r;
            return r;
        }
    }

    private static String tag(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private void count(String name, String description, String... tags) {
        for (MeterRegistry r : registries) Counter.builder(name).description(description).tags(this.tags).tags(tags).register(r).increment();
    }

    /** Counts the trigger under {@value #TRIGGERS}. */
    @Override
    public void onTriggerAccepted(TriggerRecord trigger) {
        count(TRIGGERS, "Triggers accepted", "workflow", trigger.workflowKey());
    }

    /** Counts the run under {@value #RUNS_STARTED}. */
    @Override
    public void onRunStarted(WorkflowRun run) {
        count(RUNS_STARTED, "Workflow runs created", "workflow", run.workflowKey());
    }

    /** Counts the run under {@value #RUNS_FINISHED}, its terminal status as the outcome. */
    @Override
    public void onRunFinished(WorkflowRun run) {
        count(RUNS_FINISHED, "Workflow runs that reached a terminal status", "workflow", run.workflowKey(), "outcome", tag(run.status()));
    }

    /** Counts a message created in a final status (an in-app feed message) under {@value #MESSAGES}. */
    @Override
    public void onMessageCreated(Message message) {
        if (message.status().isFinal()) countMessage(message);
    }

    /**
     * Counts a message that reached a final status under {@value #MESSAGES}: once per final status it
     * reaches, so a message sent and later reported bounced counts under sent and under bounced.
     */
    @Override
    public void onDeliveryStatusChanged(Message message, DeliveryStatus previous) {
        if (message.status().isFinal() && message.status() != previous) countMessage(message);
    }

    private void countMessage(Message m) {
        count(MESSAGES, "Messages that reached a final delivery status",
                "workflow", m.workflowKey(), "channel", m.channelKey(), "status", tag(m.status()));
    }

    /** Times the call under {@value #PROVIDER_CALLS}, and counts a retry under {@value #RETRIES}. */
    @Override
    public void onProviderCalled(OutboundMessage message, String provider, DeliveryResult result, Duration latency) {
        String channel = message.message().channelKey();
        for (MeterRegistry r : registries) {
            Timer.builder(PROVIDER_CALLS).description("Calls of channel providers")
                    .tags(tags).tags("channel", channel, "provider", provider, "result", tag(result.kind()))
                    .register(r).record(latency);
        }
        if (message.attempt() > 1) {
            count(RETRIES, "Provider calls that retried a message, after backoff or by failover", "channel", channel, "provider", provider);
        }
    }

    /** Counts the job under {@value #LEASE_RECOVERIES}, its kind as the tag. */
    @Override
    public void onLeaseRecovered(Job job) {
        count(LEASE_RECOVERIES, "Jobs claimed from a lease that had run out", "kind", tag(job.kind()));
    }

    /** Records the lag under {@value #BATCH_FLUSH_LAG}. */
    @Override
    public void onBatchFlushed(String workflowKey, String stepRef, Duration lag) {
        for (MeterRegistry r : registries) {
            Timer.builder(BATCH_FLUSH_LAG).description("How long after its close time a batch was flushed")
                    .tags(tags).tags("workflow", workflowKey).register(r).record(lag);
        }
    }
}
