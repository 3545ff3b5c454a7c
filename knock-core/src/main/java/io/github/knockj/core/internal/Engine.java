package io.github.knockj.core.internal;

import io.github.knockj.core.Engagement;
import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.Message;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RepeatRule;
import io.github.knockj.core.TriggerRequest;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.UnknownWorkflowException;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.ScheduleRecord;
import io.github.knockj.core.spi.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow engine, composed in one place: it accepts triggers ({@link TriggerIntake}), and
 * executes claimed jobs through {@link JobHandlers}, one handler per job kind, which its
 * {@link Scheduler} claims and runs on this node's workers.
 */
public final class Engine {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    /** Longest idempotency and cancellation keys. */
    public static final int MAX_KEY_LENGTH = 255;
    /** Most triggers in one bulk call (one store transaction). */
    public static final int MAX_BULK_TRIGGERS = 1_000;

    private final Store store;
    private final Clock clock;
    private final EngineConfig config;
    private final Map<String, Workflow> workflows;
    private final Map<String, ChannelRegistration> channels;
    private final Listeners listeners;
    private final Scheduler scheduler;
    private final Workers workers;
    private final Deliverer deliverer;
    private final WebhookNotices webhooks;
    private final TriggerIntake intake;
    private final Housekeeping housekeeping;
    private final JobHandlers handlers;

    public Engine(Store store, Clock clock, EngineConfig config, Map<String, Workflow> workflows,
                  Map<String, ChannelRegistration> channels, Listeners listeners) {
        this.store = store;
        this.clock = clock;
        this.config = config;
        // registration order, as Notifier.workflows() promises (Map.copyOf would not keep it)
        this.workflows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(workflows));
        this.channels = Map.copyOf(channels);
        this.listeners = listeners;
        this.housekeeping = new Housekeeping(store, clock, config.retention());
        // the scheduler calls back into the handlers only once started, after this constructor
        this.scheduler = new Scheduler(store, clock, config, this::execute, housekeeping::purgeExpired);
        this.workers = new Workers(store, clock, config, scheduler.handOff(), scheduler::wake);
        Tracing tracing = new Tracing(config.tracing());
        this.deliverer = new Deliverer(store, clock, this.channels, config.providerCallTimeout(), listeners, tracing);
        this.webhooks = new WebhookNotices(config.eventWebhooks());
        this.intake = new TriggerIntake(store, clock, config, this::workflow, workers, listeners, tracing);
        RunAdvancer runs = new RunAdvancer(store, config, new RunExecutor(store, config, this.channels, this.workflows), webhooks, tracing);
        this.handlers = new JobHandlers(new ChunkExecutor(store, clock, this.workflows, listeners, runs, workers, tracing.enabled()), List.of(
                new TriggerJobHandler(this.workflows, runs),
                new FanOutJobHandler(store, config, this.workflows, runs),
                new RunJobHandler(this.workflows, runs),
                new BatchFlushJobHandler(store, this.workflows, runs),
                new ScheduleJobHandler(store, this.workflows, workers),
                new DeliverJobHandler(store, clock, config, listeners, deliverer, webhooks, workers),
                new WebhookJobHandler(store, new WebhookSender(config.eventWebhooks(), clock), workers)));
    }

    public Store store() { return store; }
    public Clock clock() { return clock; }
    public EngineConfig config() { return config; }
    public Map<String, Workflow> workflows() { return workflows; }
    public Map<String, ChannelRegistration> channels() { return channels; }
    public Listeners listeners() { return listeners; }

    /** The poller and workers that claim and run this engine's jobs. */
    public Scheduler scheduler() { return scheduler; }

    WebhookNotices webhooks() {
        return webhooks;
    }

    /** Stops the workers (letting chunks in flight finish), then the provider call threads. */
    public void close() {
        try {
            scheduler.close();
        } finally {
            deliverer.close();
        }
    }

    /** Tells the workers there is work due now. */
    public void wakeUp() {
        workers.wakeUp();
    }

    /** Accepts a trigger, writing it to the Notifier's store. */
    public TriggerResult trigger(TriggerRequest req) {
        return intake.trigger(req, store);
    }

    /**
     * Accepts a trigger, writing it through {@code via}: the Notifier's own store, or a view of it
     * bound to the application's open transaction (then the trigger exists only if that commits, and
     * workers find it at their next poll).
     */
    public TriggerResult trigger(TriggerRequest req, Store via) {
        return intake.trigger(req, via);
    }

    /** Accepts many triggers in one transaction of the Notifier's store. */
    public List<TriggerResult> triggerAll(List<TriggerRequest> reqs) {
        return intake.triggerAll(reqs, store);
    }

    /** Accepts many triggers in one transaction, written through {@code via} as {@link #trigger(TriggerRequest, Store)} does. */
    public List<TriggerResult> triggerAll(List<TriggerRequest> reqs, Store via) {
        return intake.triggerAll(reqs, via);
    }

    public Workflow workflow(String key) {
        if (key == null) throw new InvalidInputException("workflow", "must not be null");
        Workflow wf = workflows.get(key);
        if (wf == null) throw new UnknownWorkflowException(key);
        return wf;
    }

    public List<WorkflowRun> cancel(String workflowKey, String cancellationKey, List<Recipient> recipients) {
        workflow(workflowKey);
        TriggerIntake.key("cancellationKey", Validate.notNull("cancellationKey", cancellationKey));
        List<WorkflowRun> cancelled = store.cancelRuns(new Cancellation(workflowKey, cancellationKey, recipients, clock.instant()), clock.instant());
        List<Job> ev = new ArrayList<>();
        for (WorkflowRun r : cancelled) {
            listeners.runFinished(r);
            ev.addAll(webhooks.runEnded(r, clock.instant()));
        }
        emit(ev);
        return cancelled;
    }

    /** Executes one chunk of claimed jobs and commits the outcome. Never throws. */
    public void execute(List<Job> jobs, String owner) {
        for (Job job : jobs) {
            if (job.recovered()) listeners.leaseRecovered(job);
        }
        handlers.execute(jobs, owner);
    }

    /** Webhook jobs for a change made outside a change set (engagement, cancel): best effort, logged on failure. */
    public void emit(List<Job> webhookJobs) {
        if (webhookJobs.isEmpty()) return;
        try {
            ChangeSet cs = new ChangeSet(null);
            cs.jobs().addAll(webhookJobs);
            store.commit(cs);
            wakeUp();
        } catch (RuntimeException e) {
            log.error("could not queue {} webhook notices", webhookJobs.size(), e);
        }
    }

    /** Webhook jobs for an engagement change, if event webhooks are configured. */
    public List<Job> engagementWebhookJobs(Message m, Engagement e, boolean set) {
        return webhooks.engagement(m, e, set, clock.instant());
    }

    /** The next occurrence of a schedule after {@code after}, in its recipient's time zone; null once past its end. */
    public Instant nextOccurrence(ScheduleRecord r, RepeatRule repeat, Instant after) {
        return ScheduleJobHandler.nextOccurrence(store, r, repeat, after);
    }

    /**
     * One housekeeping pass: deletes finished runs, messages and expired records older than the
     * retention, in bounded chunks. Returns how many rows it deleted (0 when no retention is set).
     */
    public int purgeExpired() {
        return housekeeping.purgeExpired();
    }
}
