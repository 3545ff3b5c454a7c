package io.github.knockj.core;

import io.github.knockj.core.internal.ChannelRegistration;
import io.github.knockj.core.internal.Engine;
import io.github.knockj.core.internal.EngineConfig;
import io.github.knockj.core.internal.Listeners;
import io.github.knockj.core.internal.Scheduler;
import io.github.knockj.core.internal.Validate;
import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.NotifierListener;
import io.github.knockj.core.spi.NotifierTracing;
import io.github.knockj.core.spi.Store;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The entry point: a notification workflow engine running inside the application. Build one with
 * {@link #builder()}, keep it for the application's lifetime, {@link #close()} it on shutdown.
 * Thread-safe and immutable once built.
 *
 * <pre>{@code
 * Notifier notifier = Notifier.builder()
 *     .channel("in-app", InAppFeedChannel.create())
 *     .channel("email", smtpProvider)
 *     .workflow(Workflow.builder("new-comment")
 *         .step(Steps.channel("feed", "in-app").body("{{ actor.name }} commented"))
 *         .build())
 *     .build();
 * notifier.trigger("new-comment").recipients("u1").actor("u2").send();
 * }</pre>
 */
public final class Notifier implements AutoCloseable {
    /** Most triggers in one {@link #triggerAll(List)} call. */
    public static final int MAX_BULK_TRIGGERS = Engine.MAX_BULK_TRIGGERS;

    private final Engine engine;
    private final Scheduler scheduler;
    private final boolean ownsStore;
    private final Engagements engagements;
    private final Users users;
    private final KnockObjects objects;
    private final Tenants tenants;
    private final Preferences preferences;
    private final Runs runs;
    private final Messages messages;
    private final Schedules schedules;
    private final Tracking tracking;

    private Notifier(Builder b, Map<String, ChannelRegistration> channels) {
        Listeners listeners = new Listeners();
        b.listeners.forEach(listeners::add);
        EngineConfig config = EngineConfig.builder()
                .nodeId(b.nodeId)
                .manual(b.testKit != null || !b.workers)
                .workerThreads(b.workerThreads)
                .deliveryThreads(b.deliveryThreads)
                .claimBatchSize(b.claimBatchSize)
                .maxInFlight(b.maxInFlight)
                .pollInterval(b.pollInterval)
                .leaseDuration(b.leaseDuration)
                .idempotencyWindow(b.idempotencyWindow)
                .cancellationWindow(b.cancellationWindow)
                .maxPayloadBytes(b.maxPayloadBytes)
                .maxRecipients(b.maxRecipients)
                .maxTriggerDepth(b.maxTriggerDepth)
                .fanoutPageSize(b.fanoutPageSize)
                .defaultPreferences(b.defaultPreferences)
                .recipientBudget(b.budget)
                .fetchPolicy(b.fetchPolicy)
                .deregisterInvalidTokens(b.deregisterInvalidTokens)
                .tracking(b.tracking)
                .eventWebhooks(b.eventWebhooks)
                .providerCallTimeout(b.providerCallTimeout)
                .retention(b.retention)
                .strictTemplates(b.strictTemplates != null ? b.strictTemplates : b.testKit != null)
                .tracing(b.tracing)
                .templateVariables(b.templateVariables)
                .translations(b.translations)
                .sharedTemplates(b.sharedTemplates)
                .build();
        Map<String, Workflow> workflows = new LinkedHashMap<>();
        b.workflows.forEach(w -> workflows.put(w.key(), w));
        this.engine = new Engine(b.store, b.clock, config, workflows, channels, listeners);
        this.scheduler = engine.scheduler();
        this.ownsStore = b.ownsStore;
        this.engagements = new Engagements(engine);
        this.users = new Users(b.store, b.clock);
        this.objects = new KnockObjects(b.store, b.clock);
        this.tenants = new Tenants(b.store);
        this.preferences = new Preferences(b.store);
        this.runs = new Runs(engine);
        this.messages = new Messages(engine, engagements);
        this.schedules = new Schedules(engine);
        if (b.tracking != null) b.tracking.bind(messages);
        this.tracking = b.tracking;
    }

    /**
     * {@return a new builder; every setting has a default, so {@code builder().build()} gives a working
     * in-memory Notifier}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a trigger of workflow {@code workflowKey}; finish it with {@link TriggerBuilder#send()}.
     *
     * @param workflowKey the workflow to run; checked when the trigger is sent
     * @return a builder for the trigger's recipients, actor, data and keys
     */
    public TriggerBuilder trigger(String workflowKey) {
        return new TriggerBuilder(workflowKey, engine::trigger, engine::trigger);
    }

    /**
     * Sends a prepared request (see {@link TriggerBuilder#request()}).
     *
     * @param request the trigger, as built by {@link TriggerBuilder#request()}
     * @return the trigger id, and whether an earlier trigger with the same idempotency key was replayed
     * @throws UnknownWorkflowException if no workflow has the request's key
     * @throws WorkflowInactiveException if the workflow is inactive
     * @throws InvalidInputException for no recipients, too many, or a bad key
     * @throws PayloadTooLargeException if the data is larger than {@link Builder#maxPayloadBytes(long)}
     * @throws IdempotencyConflictException if the idempotency key was used for a different trigger
     */
    public TriggerResult trigger(TriggerRequest request) {
        return engine.trigger(Validate.notNull("request", request));
    }

    /**
     * Sends many prepared requests in one store transaction: all of them are written, or none (on
     * PostgreSQL and H2 one commit for the lot). Each is what {@link #trigger(TriggerRequest)} would
     * make of it on its own: its own validation, idempotency key, tenant, actor, cancellation key and
     * runs. Every request is checked before anything is written; the first invalid one fails the call
     * with the exception a single send would throw, naming the entry ({@code triggers[3]: ...}, or
     * {@link InvalidInputException#field()} {@code triggers[3].recipients}). A request whose
     * idempotency key an earlier trigger holds, or an earlier request of the same call uses, replays
     * that trigger ({@link TriggerResult#replayed()}) or, with other parameters, fails the call with
     * {@link IdempotencyConflictException}. Users given inline are identified before the triggers are
     * written, as for a single send.
     *
     * @param requests the triggers, as built by {@link TriggerBuilder#request()}; at most
     *     {@value #MAX_BULK_TRIGGERS}; none gives an empty list
     * @return one result per request, in their order
     * @throws InvalidInputException for a null entry, more than {@value #MAX_BULK_TRIGGERS} requests, or an
     *     entry a single send would refuse (also {@link PayloadTooLargeException})
     * @throws UnknownWorkflowException if an entry names no registered workflow
     * @throws WorkflowInactiveException if an entry's workflow is inactive
     * @throws NotFoundException naming the entry and the object recipients that do not exist
     * @throws IdempotencyConflictException if an entry reuses a key with other parameters
     * @throws StoreException if the store failed; nothing was triggered
     */
    public List<TriggerResult> triggerAll(List<TriggerRequest> requests) {
        return engine.triggerAll(requests);
    }

    /**
     * Starts a bulk trigger: add triggers to it, then {@link BulkTrigger#send()} writes them all in
     * one store transaction, as {@link #triggerAll(List)} does.
     *
     * <pre>{@code
     * List<TriggerResult> results = notifier.bulkTrigger()
     *     .add(notifier.trigger("new-comment").recipients("u1").data(Map.of("post", "p1")).idempotencyKey("c1"))
     *     .add(notifier.trigger("new-comment").recipients("u2").data(Map.of("post", "p2")).idempotencyKey("c2"))
     *     .send();
     * }</pre>
     *
     * @return an empty bulk trigger of this Notifier
     */
    public BulkTrigger bulkTrigger() {
        return new BulkTrigger(engine::triggerAll, engine::triggerAll);
    }

    /**
     * Cancels the paused and active runs of a workflow that were triggered with
     * {@code cancellationKey}: runs waiting in a delay, a batch or for a retry stop, and their
     * activities leave open batches (a batch left empty sends nothing). The cancel is also
     * remembered for the cancellation window ({@link Builder#cancellationWindow(Duration)}, 30 s by
     * default): runs of that workflow and key created from triggers accepted up to that long before
     * the cancel, but processed after it, are created cancelled. Returns the runs cancelled now.
     *
     * @param workflowKey the workflow whose runs to cancel
     * @param cancellationKey the cancellation key the runs were triggered with
     * @return the runs cancelled now, empty if none was active or paused
     * @throws UnknownWorkflowException if no workflow has the key
     */
    public List<WorkflowRun> cancel(String workflowKey, String cancellationKey) {
        return engine.cancel(workflowKey, cancellationKey, List.of());
    }

    /**
     * Like {@link #cancel(String, String)}, only for the given user recipients.
     *
     * @param workflowKey the workflow whose runs to cancel
     * @param cancellationKey the cancellation key the runs were triggered with
     * @param userIds the recipients whose runs to cancel; none cancels the runs of every recipient
     * @return the runs cancelled now, empty if none was active or paused
     */
    public List<WorkflowRun> cancel(String workflowKey, String cancellationKey, String... userIds) {
        List<Recipient> rs = new ArrayList<>();
        for (String id : userIds) rs.add(Recipient.user(id));
        return engine.cancel(workflowKey, cancellationKey, rs);
    }

    /** {@return the users: identify, update, delete, channel data} */
    public Users users() { return users; }
    /** {@return the objects and their subscriptions} */
    public KnockObjects objects() { return objects; }
    /** {@return the tenants} */
    public Tenants tenants() { return tenants; }
    /** {@return the users' preference sets} */
    public Preferences preferences() { return preferences; }
    /** {@return the workflow runs and their logs} */
    public Runs runs() { return runs; }
    /** {@return the messages on every channel, with their status and engagement} */
    public Messages messages() { return messages; }
    /** {@return the recurring and one-off schedules that trigger workflows} */
    public Schedules schedules() { return schedules; }

    /**
     * Open and click tracking, for the handler your web layer mounts.
     *
     * @return the tracking configured with {@link Builder#tracking(Tracking)}
     * @throws IllegalStateException if the Notifier was built without {@link Builder#tracking(Tracking)}
     */
    public Tracking tracking() {
        if (tracking == null) throw new IllegalStateException("tracking is not configured: use Notifier.builder().tracking(...)");
        return tracking;
    }

    /**
     * The in-app feed of user {@code userId} on channel {@code channelKey}.
     *
     * @param userId the feed's owner
     * @param channelKey an in-app channel registered on this Notifier
     * @return a view of the feed; pages are read from the store on each call
     */
    public Feed feed(String userId, String channelKey) {
        return new Feed(engine, engagements, FeedQuery.of(userId, channelKey));
    }

    /**
     * Runs one retention pass now (the workers also run one every few minutes); returns how many
     * rows it deleted. Does nothing without {@link Builder#retention(Duration)}.
     *
     * @return how many rows it deleted; 0 without retention
     */
    public int purgeExpired() {
        return engine.purgeExpired();
    }

    /**
     * Adds a listener after build (for live feed updates, say); close the returned handle to remove it.
     *
     * @param listener hears what the engine did (runs, messages, deliveries); exceptions it throws are logged and contained
     * @return a handle whose {@code close()} removes the listener
     */
    public AutoCloseable addListener(NotifierListener listener) {
        engine.listeners().add(Validate.notNull("listener", listener));
        return () -> engine.listeners().remove(listener);
    }

    /**
     * The workflows this Notifier runs, by key.
     *
     * @return the registered workflows keyed by workflow key, in registration order
     */
    public Map<String, Workflow> workflows() {
        return engine.workflows();
    }

    /**
     * Renders a channel step's templates for {@code recipient} with sample {@code data}, exactly as a
     * run of the workflow would render them for a trigger with that data: the same variables
     * ({@code recipient} as stored, or just its id if unknown; {@code data}; {@code workflow}; a batch
     * of one), each field escaped for the channel's provider, strict if
     * {@link Builder#strictTemplates} is on. Nothing is sent, stored or tracked (an email's links are
     * not rewritten for {@link Builder#tracking}). For template previews in an operator's console.
     *
     * @param workflowKey the workflow
     * @param stepRef the ref of one of its channel steps (top level or inside a branch)
     * @param recipient whose properties the templates see
     * @param data sample trigger data (JSON-compatible), or null for none
     * @return the rendered fields
     * @throws UnknownWorkflowException if there is no such workflow
     * @throws InvalidInputException naming {@code preview.step} if the workflow has no such step or it is
     *     not a channel step, or {@code preview.data} if the data is not JSON-compatible
     * @throws TemplateRenderException naming the field, if a template fails to render (in strict mode,
     *     an undefined variable does)
     */
    public TemplatePreview preview(String workflowKey, String stepRef, Recipient recipient, Map<String, ?> data) {
        return io.github.knockj.core.internal.Previewer.preview(engine, workflowKey, stepRef, recipient, data);
    }

    /**
     * The store this Notifier uses.
     *
     * @return the store given to {@link Builder#store(Store)}, or the in-memory store created by default
     */
    public Store store() {
        return engine.store();
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /** Stops the workers (letting chunks in flight finish) and closes the store if the Notifier created it. */
    @Override
    public void close() {
        engine.close();
        if (ownsStore) engine.store().close();
    }

    /** Configures a {@link Notifier}. Every setting has a default; {@link #build()} validates the whole. */
    public static final class Builder {
        /** Default for {@link #workerThreads(int)}: the number of processors, at least 2. */
        public static final int DEFAULT_WORKER_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
        /** Default for {@link #deliveryThreads(int)}. */
        public static final int DEFAULT_DELIVERY_THREADS = 8;
        /** Default for {@link #claimBatchSize(int)}. */
        public static final int DEFAULT_CLAIM_BATCH_SIZE = 512;
        /** Default for {@link #maxInFlight(int)}. */
        public static final int DEFAULT_MAX_IN_FLIGHT = 4096;
        /** Default for {@link #pollInterval(Duration)}: 500 ms. */
        public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
        /** Default for {@link #leaseDuration(Duration)}: 30 seconds. */
        public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(30);
        /** Default for {@link #idempotencyWindow(Duration)}: 24 hours. */
        public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofHours(24);
        /** Default for {@link #cancellationWindow(Duration)}: 30 seconds. */
        public static final Duration DEFAULT_CANCELLATION_WINDOW = Duration.ofSeconds(30);
        /** Default for {@link #maxPayloadBytes(long)}: 1 MiB. */
        public static final long DEFAULT_MAX_PAYLOAD_BYTES = 1_048_576;
        /** Default for {@link #maxRecipients(int)}. */
        public static final int DEFAULT_MAX_RECIPIENTS = 1000;
        /** Default for {@link #maxTriggerDepth(int)}. */
        public static final int DEFAULT_MAX_TRIGGER_DEPTH = 10;
        /** Default for {@link #fanoutPageSize(int)}. */
        public static final int DEFAULT_FANOUT_PAGE_SIZE = 500;
        /** Default for {@link #providerCallTimeout(Duration)}: 30 seconds. */
        public static final Duration DEFAULT_PROVIDER_CALL_TIMEOUT = Duration.ofSeconds(30);

        private Store store;
        private boolean ownsStore;
        private Clock clock = Clock.systemUTC();
        private final Map<String, ChannelRegistration> channels = new LinkedHashMap<>();
        private final List<Workflow> workflows = new ArrayList<>();
        private final List<NotifierListener> listeners = new ArrayList<>();
        private NotifierTracing tracing = NotifierTracing.NONE;
        private PreferenceSet defaultPreferences = PreferenceSet.EMPTY;
        private int workerThreads = DEFAULT_WORKER_THREADS;
        private int deliveryThreads = DEFAULT_DELIVERY_THREADS;
        private int claimBatchSize = DEFAULT_CLAIM_BATCH_SIZE;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration leaseDuration = DEFAULT_LEASE_DURATION;
        private Duration idempotencyWindow = DEFAULT_IDEMPOTENCY_WINDOW;
        private Duration cancellationWindow = DEFAULT_CANCELLATION_WINDOW;
        private long maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private int maxRecipients = DEFAULT_MAX_RECIPIENTS;
        private int maxTriggerDepth = DEFAULT_MAX_TRIGGER_DEPTH;
        private int fanoutPageSize = DEFAULT_FANOUT_PAGE_SIZE;
        private EngineConfig.RecipientBudget budget;
        private FetchPolicy fetchPolicy = FetchPolicy.DEFAULT;
        private String nodeId;
        private TestKit testKit;
        private boolean workers = true;
        private boolean deregisterInvalidTokens;
        private Duration providerCallTimeout = DEFAULT_PROVIDER_CALL_TIMEOUT;
        private Duration retention;
        private Boolean strictTemplates;
        private Map<String, Object> templateVariables = Map.of();
        private Translations translations = Translations.NONE;
        private final Map<String, EmailLayout> emailLayouts = new LinkedHashMap<>();
        private String defaultEmailLayout;
        private final Map<String, Template> partials = new LinkedHashMap<>();
        private io.github.knockj.core.internal.SharedTemplates sharedTemplates;
        private Tracking tracking;
        private final List<EngineConfig.EventWebhook> eventWebhooks = new ArrayList<>();

        private Builder() {}

        /**
         * Where everything is kept. If unset, a new {@link InMemoryStore} (closed with the Notifier).
         *
         * @param store the store; the Notifier does not close a store it was given
         * @return this builder
         */
        public Builder store(Store store) {
            this.store = Validate.notNull("store", store);
            return this;
        }

        /**
         * The source of time for every due date and timestamp. If unset, the system clock in UTC.
         *
         * @param clock the clock; a {@link SettableClock} also wakes the workers when it is moved
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Validate.notNull("clock", clock);
            return this;
        }

        /**
         * Registers a channel with one provider and the default retry policy.
         *
         * @param key the channel key that channel steps name
         * @param provider delivers the channel's messages
         * @return this builder
         * @throws InvalidInputException if the key is null, blank or too long
         * @throws IllegalArgumentException if the key is registered twice
         */
        public Builder channel(String key, ChannelProvider provider) {
            return channel(key, RetryPolicy.DEFAULT, provider);
        }

        /**
         * Registers a channel with providers in failover order: a failing provider hands the message
         * to the next one; when the last fails, the delivery is retried by {@code retryPolicy}.
         *
         * @param key the channel key that channel steps name
         * @param retryPolicy how a delivery is retried once every provider failed
         * @param providers at least one provider, the first tried first; all of the channel's type
         * @return this builder
         * @throws InvalidInputException if the key is null, blank or too long
         * @throws IllegalArgumentException if the key is registered twice or no provider is given
         */
        public Builder channel(String key, RetryPolicy retryPolicy, ChannelProvider... providers) {
            Validate.id("channel key", key);
            if (channels.containsKey(key)) throw new IllegalArgumentException("channel '" + key + "' is registered twice");
            if (providers.length == 0) throw new IllegalArgumentException("channel '" + key + "' needs at least one provider");
            for (ChannelProvider p : providers) Validate.notNull("channel provider", p);
            channels.put(key, new ChannelRegistration(key, providers[0].type(), Arrays.asList(providers), Validate.notNull("retryPolicy", retryPolicy)));
            return this;
        }

        /**
         * Registers a workflow; {@link #build()} rejects two with one key.
         *
         * @param workflow the workflow, built with {@link Workflow#builder(String)}
         * @return this builder
         */
        public Builder workflow(Workflow workflow) {
            workflows.add(Validate.notNull("workflow", workflow));
            return this;
        }

        /**
         * Adds a listener that hears what the engine did (runs, messages, deliveries); may be called more than once.
         * If unset, none.
         *
         * @param listener the listener; exceptions it throws are logged and contained
         * @return this builder
         */
        public Builder listener(NotifierListener listener) {
            listeners.add(Validate.notNull("listener", listener));
            return this;
        }

        /**
         * Times the engine's work as spans of one trace per notification: {@code knock.trigger} when a
         * trigger is accepted (on the caller's thread), {@code knock.run} each time a run's steps execute,
         * {@code knock.delivery} around each provider call; the trigger span's context is stored with the
         * trigger, so runs and deliveries on other threads or instances join its trace. If unset,
         * {@link NotifierTracing#NONE}. knock-micrometer's {@code KnockObservations} implements it.
         *
         * @param tracing the tracing; exceptions it throws are logged and contained
         * @return this builder
         */
        public Builder tracing(NotifierTracing tracing) {
            this.tracing = Validate.notNull("tracing", tracing);
            return this;
        }

        /**
         * The environment's default preferences, beneath tenant defaults and users' own. If unset, everything
         * is allowed.
         *
         * @param preferences the environment-wide defaults
         * @return this builder
         */
        public Builder defaultPreferences(PreferenceSet preferences) {
            this.defaultPreferences = Validate.notNull("defaultPreferences", preferences);
            return this;
        }

        /**
         * Threads executing workflow steps. If unset, {@link #DEFAULT_WORKER_THREADS}.
         *
         * @param n the number of threads, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is not positive
         */
        public Builder workerThreads(int n) {
            this.workerThreads = positive("workerThreads", n);
            return this;
        }

        /**
         * Threads calling channel providers. If unset, {@value #DEFAULT_DELIVERY_THREADS}.
         *
         * @param n the number of threads, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is not positive
         */
        public Builder deliveryThreads(int n) {
            this.deliveryThreads = positive("deliveryThreads", n);
            return this;
        }

        /**
         * Jobs claimed per store round trip. If unset, {@value #DEFAULT_CLAIM_BATCH_SIZE}.
         *
         * @param n jobs per claim, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is not positive
         */
        public Builder claimBatchSize(int n) {
            this.claimBatchSize = positive("claimBatchSize", n);
            return this;
        }

        /**
         * Most jobs claimed and not yet finished at once (bounds memory). If unset, {@value
         * #DEFAULT_MAX_IN_FLIGHT}.
         *
         * @param n the most jobs in flight, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is not positive
         */
        public Builder maxInFlight(int n) {
            this.maxInFlight = positive("maxInFlight", n);
            return this;
        }

        /**
         * How often the store is polled for work other instances created. If unset, 500 ms.
         *
         * @param d the interval, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code d} is zero or negative
         */
        public Builder pollInterval(Duration d) {
            this.pollInterval = positive("pollInterval", d);
            return this;
        }

        /**
         * How long a claimed job is reserved. A heartbeat renews the leases of the jobs in flight
         * every third of it, so the jobs of an instance that dies are taken over by another (or by
         * the instance restarted) at most this long, plus the poll interval, after it dies. The
         * instances' clocks must agree to within half of it. If unset, 30 seconds.
         *
         * @param d the lease, positive; longer than the slowest step or provider call is safest
         * @return this builder
         * @throws IllegalArgumentException if {@code d} is zero or negative
         */
        public Builder leaseDuration(Duration d) {
            this.leaseDuration = positive("leaseDuration", d);
            return this;
        }

        /**
         * How long an idempotency key is remembered. If unset, 24 hours.
         *
         * @param d the window, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code d} is zero or negative
         */
        public Builder idempotencyWindow(Duration d) {
            this.idempotencyWindow = positive("idempotencyWindow", d);
            return this;
        }

        /**
         * How long before a trigger a cancel of its key still cancels it. If unset, 30 seconds.
         *
         * @param d the window; zero remembers no cancel
         * @return this builder
         * @throws IllegalArgumentException if {@code d} is negative
         */
        public Builder cancellationWindow(Duration d) {
            Validate.notNull("cancellationWindow", d);
            if (d.isNegative()) throw new IllegalArgumentException("cancellationWindow must not be negative, was " + d);
            this.cancellationWindow = d;
            return this;
        }

        /**
         * Largest trigger data, as JSON bytes. If unset, 1 MiB.
         *
         * @param n the limit in bytes, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is not positive
         */
        public Builder maxPayloadBytes(long n) {
            if (n < 1) throw new IllegalArgumentException("maxPayloadBytes must be positive, was " + n);
            this.maxPayloadBytes = n;
            return this;
        }

        /**
         * Most direct recipients per trigger (objects fan out beyond it). If unset, {@value
         * #DEFAULT_MAX_RECIPIENTS}.
         *
         * @param n the limit, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is not positive
         */
        public Builder maxRecipients(int n) {
            this.maxRecipients = positive("maxRecipients", n);
            return this;
        }

        /**
         * How deep trigger-workflow steps may nest. If unset, {@value #DEFAULT_MAX_TRIGGER_DEPTH}.
         *
         * @param n the limit, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is not positive
         */
        public Builder maxTriggerDepth(int n) {
            this.maxTriggerDepth = positive("maxTriggerDepth", n);
            return this;
        }

        /**
         * Subscribers per fan-out page (one job and one commit each). If unset, {@value
         * #DEFAULT_FANOUT_PAGE_SIZE}.
         *
         * @param n subscribers per page, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is not positive
         */
        public Builder fanoutPageSize(int n) {
            this.fanoutPageSize = positive("fanoutPageSize", n);
            return this;
        }

        /**
         * A budget per recipient across all workflows: at most {@code limit} runs of non-required
         * workflows reach a user within {@code window}; later runs stop with the reason logged. If
         * unset, no budget.
         *
         * @param limit the most runs per user within the window, at least 1
         * @param window the sliding window, positive
         * @return this builder
         * @throws IllegalArgumentException if either is not positive
         */
        public Builder recipientBudget(int limit, Duration window) {
            this.budget = new EngineConfig.RecipientBudget(positive("recipientBudget limit", limit), positive("recipientBudget window", window));
            return this;
        }

        /**
         * Limits how hard this instance drives each provider of channel {@code channelKey} (register
         * the channel first). If unset, unlimited.
         *
         * @param channelKey a channel registered earlier on this builder
         * @param limits the rate and concurrency limits
         * @return this builder
         * @throws IllegalArgumentException if the channel is not registered yet
         */
        public Builder limit(String channelKey, ProviderLimits limits) {
            ChannelRegistration reg = channels.get(channelKey);
            if (reg == null) throw new IllegalArgumentException("channel '" + channelKey + "' is not registered (register it before limiting it)");
            channels.put(channelKey, reg.limitedBy(Validate.notNull("limits", limits)));
            return this;
        }

        /**
         * Removes push tokens that a provider reports invalid from the recipient's channel data. If
         * unset, tokens are left alone (the message is undelivered either way).
         *
         * @return this builder
         */
        public Builder deregisterInvalidTokens() {
            this.deregisterInvalidTokens = true;
            return this;
        }

        /**
         * The longest a provider's {@code send} may take before the attempt counts as a retryable
         * failure and the delivery moves on (the hung call keeps one of its channel's threads). If
         * unset, 30 seconds.
         *
         * @param d the timeout, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code d} is zero or negative
         */
        public Builder providerCallTimeout(Duration d) {
            this.providerCallTimeout = positive("providerCallTimeout", d);
            return this;
        }

        /**
         * Deletes finished runs (with their logs), delivered or failed messages (with their history)
         * and expired idempotency and cancellation records older than {@code age}, every few minutes
         * in bounded chunks. If unset, nothing is deleted.
         *
         * @param age how old a record must be to be deleted, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code age} is zero or negative
         */
        public Builder retention(Duration age) {
            this.retention = positive("retention", age);
            return this;
        }

        /**
         * Whether an undefined variable in a message template's output fails the render (strict),
         * naming it: the message is not sent and the run fails. Lenient renders print it as nothing
         * and note it in the run log ({@code UNDEFINED_VARIABLES}). A variable is undefined when a
         * key on its path is missing (a key holding null is defined); an output with a
         * {@code default} filter, and conditions such as {@code {% if data.x %}}, never fail. If
         * unset, strict when built with a {@link TestKit}, else lenient.
         *
         * @param strict whether undefined variables fail the render
         * @return this builder
         */
        public Builder strictTemplates(boolean strict) {
            this.strictTemplates = strict;
            return this;
        }

        /**
         * The account's variables, which every template sees as {@code vars} (Knock's "account and
         * environment variables"): {@code {{ vars.app_name }}}, {@code {{ vars.support.email }}}.
         * The map is copied when this method is called, deeply and frozen: later changes to it do not
         * reach templates. Values must be JSON-compatible (strings, numbers, booleans, null, lists and
         * maps with string keys), as trigger data. If unset, {@code vars} is empty, and a lookup in it is
         * undefined (see {@link #strictTemplates(boolean)}).
         *
         * @param variables the variables by name
         * @return this builder
         * @throws InvalidInputException if {@code variables} is null, has a key that is not a non-blank
         *     string, or holds a value that is not JSON-compatible
         */
        public Builder templateVariables(Map<String, ?> variables) {
            Validate.notNull("templateVariables", variables);
            this.templateVariables = io.github.knockj.core.internal.Json.copyMap("templateVariables", variables);
            return this;
        }

        /**
         * The account's translations, which templates reach with the {@code t} filter in the
         * recipient's locale ({@code {{ "OrderReady" | t }}}; see {@link Translations}). If unset,
         * {@link Translations#NONE}: every {@code t} misses (a strict render fails, a lenient one prints the key).
         *
         * @param translations the translations, already validated when built
         * @return this builder
         * @throws InvalidInputException if {@code translations} is null
         */
        public Builder translations(Translations translations) {
            this.translations = Validate.notNull("translations", translations);
            return this;
        }

        /**
         * Registers an email layout, which email steps use when they name it
         * ({@link ChannelStep#layout(String)}) or when it is the default ({@link #defaultEmailLayout(String)}).
         *
         * @param layout the layout
         * @return this builder
         * @throws IllegalArgumentException if a layout with its key is registered already
         */
        public Builder emailLayout(EmailLayout layout) {
            Validate.notNull("emailLayout", layout);
            if (emailLayouts.putIfAbsent(layout.key(), layout) != null) {
                throw new IllegalArgumentException("email layout '" + layout.key() + "' is registered twice");
            }
            return this;
        }

        /**
         * The layout every email step renders in unless it names another ({@link ChannelStep#layout(String)})
         * or none ({@link ChannelStep#withoutLayout()}), as Knock's default layout. If unset, such a step's
         * email is sent as its templates render.
         *
         * @param key the key of a layout registered with {@link #emailLayout(EmailLayout)} (checked by {@link #build()})
         * @return this builder
         * @throws InvalidInputException if {@code key} is not a valid key
         */
        public Builder defaultEmailLayout(String key) {
            this.defaultEmailLayout = Validate.id("defaultEmailLayout", key);
            return this;
        }

        /**
         * Registers a partial, a reusable Liquid block that templates render with
         * {@code {% render "key", name: value %}}. A partial sees the template's variables
         * ({@code recipient}, {@code data}, {@code vars}…) and the attributes passed, not the variables
         * the template assigned; its outputs are escaped like the template's. Partials render in the
         * content of channel steps, in email layouts and in other partials, at most
         * 10 deep.
         *
         * @param key the partial's key
         * @param liquid the partial's Liquid template
         * @return this builder
         * @throws InvalidInputException if {@code key} is not a valid key
         * @throws WorkflowDefinitionException naming the partial, if the template does not parse or uses a
         *     tag or filter that is not allowed
         * @throws IllegalArgumentException if a partial with that key is registered already
         */
        public Builder partial(String key, String liquid) {
            Validate.id("partial.key", key);
            if (partials.containsKey(key)) throw new IllegalArgumentException("partial '" + key + "' is registered twice");
            try {
                partials.put(key, Template.of(liquid));
            } catch (WorkflowDefinitionException e) {
                throw new WorkflowDefinitionException("partial '" + key + "': " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * Tracks email opens and link clicks (see {@link Tracking}). If unset, email is sent as rendered.
         *
         * @param tracking the tracking configuration and the handler for its requests
         * @return this builder
         */
        public Builder tracking(Tracking tracking) {
            this.tracking = Validate.notNull("tracking", tracking);
            return this;
        }

        /**
         * Posts a webhook notice to {@code url} as JSON, signed with {@code secret} in the Standard Webhooks
         * format ({@link WebhookSignature}: headers {@code webhook-id}, the notice's {@code id}, the same on
         * every retry; {@code webhook-timestamp}; {@code webhook-signature}),
         * for each of these changes: {@code message.<status>} when a message's delivery status changes
         * or it is read, seen, clicked or archived, and {@code workflow_run.started}, {@code .completed}
         * and {@code .failed}. Notices are durable jobs, retried with backoff, on the delivery threads:
         * a slow receiver never holds up workflows. May be called more than once.
         *
         * @param url an http or https URL
         * @param secret the signing secret: {@code whsec_<base64>} (the key is the decoded bytes) or a raw
         *        string (the key is its UTF-8 bytes); at least 16 key bytes
         * @return this builder
         * @throws IllegalArgumentException if the URL is not http(s), or the secret is malformed or too short
         */
        public Builder eventWebhook(String url, String secret) {
            java.net.URI uri = java.net.URI.create(Validate.notNull("eventWebhook url", url));
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("event webhook URL must be http(s), was " + url);
            }
            if (secret == null) throw new IllegalArgumentException("event webhook secret must not be null");
            byte[] key;
            try {
                key = WebhookSignature.key(secret);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("event webhook " + e.getMessage());
            }
            if (key.length < 16) throw new IllegalArgumentException("event webhook secret must have at least 16 key bytes, had " + key.length);
            eventWebhooks.add(new EngineConfig.EventWebhook(uri, secret));
            return this;
        }

        /**
         * What fetch steps may call. If unset, {@link FetchPolicy#DEFAULT}.
         *
         * @param policy which hosts fetch steps may reach, and size and time limits
         * @return this builder
         */
        public Builder fetchPolicy(FetchPolicy policy) {
            this.fetchPolicy = Validate.notNull("fetchPolicy", policy);
            return this;
        }

        /**
         * This instance's name in job leases. If unset, host name, process id and a random suffix.
         *
         * @param id a unique name for this instance among those sharing the store
         * @return this builder
         * @throws InvalidInputException if the id is null, blank or too long
         */
        public Builder nodeId(String id) {
            this.nodeId = Validate.id("nodeId", id);
            return this;
        }

        /**
         * Whether this instance runs workers. Without them (a web-only node) it stores triggers,
         * users, preferences and feed changes and serves reads, but runs no job: not even the first
         * step of its own triggers, which wait for an instance with workers sharing the store. If
         * unset, true.
         *
         * @param enabled false for an instance that only accepts input
         * @return this builder
         */
        public Builder workers(boolean enabled) {
            this.workers = enabled;
            return this;
        }

        /**
         * Runs the Notifier under a {@link TestKit}: its clock, and no background threads; work runs
         * when the kit says (see {@link TestKit#runDue()}). Templates render strictly unless
         * {@link #strictTemplates(boolean)} says otherwise.
         *
         * @param kit the kit; its clock replaces {@link #clock(Clock)}
         * @return this builder
         */
        public Builder testKit(TestKit kit) {
            this.testKit = Validate.notNull("testKit", kit);
            this.clock = kit.clock();
            return this;
        }

        private static int positive(String name, int n) {
            if (n < 1) throw new IllegalArgumentException(name + " must be positive, was " + n);
            return n;
        }

        private static Duration positive(String name, Duration d) {
            Validate.notNull(name, d);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + d);
            return d;
        }

        /**
         * Validates the configuration and starts the workers.
         *
         * @return the started Notifier; close it on shutdown
         * @throws WorkflowDefinitionException naming the workflow and step, for a step on an
         *         unregistered channel, a trigger-workflow step naming an unknown workflow, two
         *         workflows with one key, a step naming an unknown email layout or one on a channel that
         *         is not email, an unknown default layout, or a {@code render} of an unknown partial
         */
        public Notifier build() {
            Map<String, Workflow> byKey = new LinkedHashMap<>();
            for (Workflow w : workflows) {
                if (byKey.put(w.key(), w) != null) throw new WorkflowDefinitionException("two workflows have the key '" + w.key() + "'");
            }
            for (Workflow w : workflows) {
                for (Step s : w.stepsByRef().values()) {
                    if (s instanceof ChannelStep c && !channels.containsKey(c.channelKey())) {
                        throw new WorkflowDefinitionException("workflow '" + w.key() + "' step '" + s.ref() + "' uses channel '" + c.channelKey()
                                + "', which is not registered; registered: " + channels.keySet());
                    }
                    if (s instanceof TriggerWorkflowStep t && !byKey.containsKey(t.workflowKey())) {
                        throw new WorkflowDefinitionException("workflow '" + w.key() + "' step '" + s.ref() + "' triggers unknown workflow '" + t.workflowKey() + "'");
                    }
                }
            }
            sharedTemplates = LayoutsAndPartials.check(workflows, channels, emailLayouts, defaultEmailLayout, partials);
            if (store == null) {
                store = InMemoryStore.create();
                ownsStore = true;
            }
            if (nodeId == null) {
                nodeId = ManagementFactory.getRuntimeMXBean().getName() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
            }
            Notifier n = new Notifier(this, channels);
            if (clock instanceof SettableClock sc) sc.onChange(n.scheduler::wake);
            if (testKit != null) testKit.attach(n);
            n.scheduler.start();
            return n;
        }
    }
}
