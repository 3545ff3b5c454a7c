package io.github.knockj.core.internal;

import io.github.knockj.core.BatchStep;
import io.github.knockj.core.KnockObject;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunContext;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.Step;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.RunChanges;
import io.github.knockj.core.spi.TriggerRecord;
import io.github.knockj.core.spi.Store;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run while it executes: what it was when loaded, what it is becoming, and the recipient, actor
 * and tenant it needs. Also the {@link RunContext} conditions see. Not thread-safe: one worker
 * executes one run at a time.
 *
 * <p>Step handlers ({@code internal.steps}) change a run only through its public methods: they move
 * the cursor, pause, end or fail the run, and add messages, events, jobs and triggers. The job
 * handlers use the same methods; every field is private. Whom the run is for and by is in
 * {@link RunParties}; the variables its templates see are built by {@link RunVariables}.
 */
public final class RunState implements RunContext {
    private final WorkflowRun original;
    private final boolean isNew;
    private final Workflow workflow;
    private final RunParties parties;
    private final Instant now;
    private final Store store;
    /** The account's variables ({@code vars}), frozen. */
    private final Map<String, Object> accountVariables;

    private RunStatus status;
    private String cursor;
    private Map<String, Object> data;
    /** Immutable: each change makes a new one, so a run handed out keeps the state it had. */
    private Map<String, Object> state;
    private Map<String, Object> vars;
    private Map<String, Object> recipientMap;
    private final List<RunLogEntry> log = new ArrayList<>(3);
    private final List<Message> messages = new ArrayList<>(2);
    private final List<MessageEvent> events = new ArrayList<>(2);
    private final List<Job> jobs = new ArrayList<>(2);
    private final List<TriggerRecord> triggers = new ArrayList<>(0);
    /**
     * Set by the engine when the runs of a chunk join their batches together: a batch step then
     * leaves its request in {@link #awaitedJoin} and stops, and the run goes on once joined.
     */
    private boolean joinBatchesLater;
    private AwaitedJoin awaitedJoin;
    /** The context of the span the run executes in, or null when not traced. */
    private java.util.function.Supplier<String> traceContext;

    /** A batch step's request, left for the engine to make together with those of other runs. */
    record AwaitedJoin(BatchStep step, BatchRequest request) {}

    RunState(WorkflowRun run, boolean isNew, Workflow workflow, User user, KnockObject object, User actor, Tenant tenant,
             PreferenceSet userDefaultPreferences, PreferenceSet userTenantPreferences, Instant now, Store store,
             Map<String, Object> accountVariables) {
        this.original = run;
        this.isNew = isNew;
        this.workflow = workflow;
        this.parties = new RunParties(user, object, actor, tenant, userDefaultPreferences, userTenantPreferences);
        this.now = now;
        this.store = store;
        this.accountVariables = accountVariables;
        this.status = run.status();
        this.cursor = run.cursor();
        this.data = run.data();
        this.state = run.state();
    }

    /** Appends an entry to the run log at this execution's time. */
    public void log(String stepRef, RunLogEntry.Outcome outcome, String detail) {
        log.add(new RunLogEntry(original.id(), now, stepRef, outcome, detail));
    }

    /**
     * The context of the {@code knock.run} span the run executes in, so that a trigger it makes joins
     * its trace; null when not traced.
     */
    public String traceContext() {
        return traceContext == null ? null : traceContext.get();
    }

    /**
     * Sets where the context of the span the run executes in comes from; null when not traced. It is
     * asked only when the run triggers a workflow, since handing a trace on may cost the tracer a span.
     */
    void traceContext(java.util.function.Supplier<String> context) {
        this.traceContext = context;
    }

    /** The account's variables templates see as {@code vars} ({@link EngineConfig#templateVariables()}). */
    Map<String, Object> accountVariables() {
        return accountVariables;
    }

    /** The run as it was loaded (or created) for this execution. */
    public WorkflowRun original() {
        return original;
    }

    /** The workflow the run executes. */
    public Workflow workflow() {
        return workflow;
    }

    /** The time this execution happens at: every entry, message and job it writes carries it. */
    public Instant now() {
        return now;
    }

    Map<String, Object> state() {
        return state;
    }

    /** One value of the run's internal state, or null. */
    public Object stateValue(String key) {
        return state.get(key);
    }

    // ---------------------------------------------------------------- what steps do to a run

    /** The ref of the step the run is at; null when no step is left. */
    public String cursor() {
        return cursor;
    }

    /** Marks the run active: it is executing steps. */
    void activate() {
        status = RunStatus.ACTIVE;
    }

    /** Completes the run: no step is left. */
    void complete() {
        status = RunStatus.COMPLETED;
        log(null, RunLogEntry.Outcome.RUN_COMPLETED, null);
    }

    /** Moves the cursor to {@code ref} (null: no step left, the run completes). */
    public void moveTo(String ref) {
        cursor = ref;
    }

    /** Moves the cursor to the step after {@code step} in its workflow (null after the last). */
    public void moveAfter(Step step) {
        cursor = workflow.refAfter(step.ref());
    }

    /** Pauses the run until {@code at}, when a RUN job resumes it at {@code resumeRef}. */
    public void pause(String resumeRef, Instant at) {
        status = RunStatus.PAUSED;
        cursor = resumeRef;
        jobs.add(Job.create(Ids.next(), JobKind.RUN, original.id(), null, at, now));
    }

    /** Pauses the run with no job of its own: another job (a batch's flush) resumes it at {@code resumeRef}. */
    public void pauseUntilWoken(String resumeRef) {
        status = RunStatus.PAUSED;
        cursor = resumeRef;
    }

    /** Fails the run at step {@code ref} (may be null) for {@code reason}, logging both. */
    public void fail(String ref, String reason) {
        status = RunStatus.FAILED;
        log(ref, RunLogEntry.Outcome.STEP_FAILED, reason);
        log(null, RunLogEntry.Outcome.RUN_FAILED, reason);
    }

    /** Ends the run in {@code terminal} status; the caller logs why. */
    public void end(RunStatus terminal) {
        if (!terminal.isTerminal()) throw new IllegalArgumentException("not a terminal status: " + terminal);
        status = terminal;
    }

    /** Adds a message the run produced and records it as its step's message. */
    public void addMessage(Message m) {
        messages.add(m);
        recordMessage(m.stepRef(), m.id());
    }

    /** Adds a message's status change. */
    public void addEvent(MessageEvent e) {
        events.add(e);
    }

    /** Adds a job of {@code kind} on {@code target}, due at {@code at}. */
    public void addJob(JobKind kind, String target, Instant at) {
        jobs.add(Job.create(Ids.next(), kind, target, null, at, now));
    }

    /** Adds a trigger the run makes (its TRIGGER job is added apart). */
    public void addTrigger(TriggerRecord t) {
        triggers.add(t);
    }

    /** True when the engine joins this run's batch together with those of other runs. */
    public boolean joinsBatchesLater() {
        return joinBatchesLater;
    }

    /** Leaves a batch step's request for the engine, which joins it and then calls the run on. */
    public void awaitJoin(BatchStep step, BatchRequest request) {
        awaitedJoin = new AwaitedJoin(step, request);
    }

    /** Makes this run's batch step leave its request for the engine to join with those of other runs. */
    void deferBatchJoins() {
        joinBatchesLater = true;
    }

    /** The batch request this run waits to have joined, or null. */
    AwaitedJoin awaitedJoin() {
        return awaitedJoin;
    }

    /** The awaited join, now taken: the run joins batches at once from here on. */
    AwaitedJoin takeAwaitedJoin() {
        AwaitedJoin awaited = awaitedJoin;
        awaitedJoin = null;
        joinBatchesLater = false;
        return awaited;
    }

    /** Sets one value of the run's internal state; null removes it. */
    public void putState(String key, Object value) {
        SmallMap current = SmallMap.copyOf(state);
        state = value == null ? current.without(key) : current.with(key, value);
        if (key.equals("batch")) vars = null; // the only state the variables show
    }

    @SuppressWarnings("unchecked")
    private void recordMessage(String stepRef, String messageId) {
        Map<String, Object> msgs = (Map<String, Object>) state.getOrDefault("messages", Map.of());
        putState("messages", SmallMap.copyOf(msgs).with(stepRef, messageId));
    }

    /** Replaces the run's data (the template variables follow). */
    public void setData(Map<String, Object> newData) {
        this.data = newData;
        this.vars = null;
    }

    /** Everything this execution changed, for the store to apply; made once, at the end of the execution (it takes this run's lists). */
    RunChanges toChanges() {
        return new RunChanges(toRun(), isNew, messages, events, jobs, log, triggers);
    }

    /** The run as it is now, version bumped (or version 1 for a new run). */
    WorkflowRun toRun() {
        Map<String, Object> frozenState = state;
        if (isNew) {
            return new WorkflowRun(original.id(), original.triggerId(), original.workflowKey(), original.recipient(),
                    original.actorId(), original.tenant(), data, original.cancellationKey(), status, cursor, frozenState,
                    original.depth(), original.skipDelays(), original.createdAt(), now, 1);
        }
        return original.advanced(status, cursor, data, frozenState, now);
    }

    /** Template variables: recipient, actor, data, tenant, workflow and batch values (see {@link RunVariables}). */
    public Map<String, Object> vars() {
        if (vars == null) vars = RunVariables.of(this);
        return vars;
    }

    /** Whom the run is for and by: recipient, actor, tenant, and the recipient's preferences. */
    RunParties parties() {
        return parties;
    }

    /** The recipient as templates see it; built once per execution, when first read (unmodifiable). */
    public Map<String, Object> recipientMap() {
        if (recipientMap == null) recipientMap = new LazyMap(() -> Collections.unmodifiableMap(parties.recipientMap(original.recipient())));
        return recipientMap;
    }

    /** The recipient's channel data for {@code channelKey}; empty if none. */
    public Map<String, Object> channelData(String channelKey) {
        return parties.channelData(channelKey);
    }

    /** The data a message of this run carries: the run's, with the batch's totals inside a batch. */
    public Map<String, Object> messageData() {
        Object batch = stateValue("batch");
        if (!(batch instanceof Map<?, ?> b)) return data;
        Map<String, Object> d = new LinkedHashMap<>(data);
        d.put("total_activities", b.get("total_activities"));
        d.put("total_actors", b.get("total_actors"));
        return Collections.unmodifiableMap(d);
    }

    /** The recipient's preferences over the tenant's defaults over {@code environmentDefault}. */
    public PreferenceSet preferences(PreferenceSet environmentDefault) {
        return parties.preferences(environmentDefault);
    }

    /** The user's time zone, else the tenant's, else UTC (also when the zone is not valid). */
    public ZoneId timeZone() {
        return parties.timeZone();
    }

    // ---------------------------------------------------------------- RunContext

    @Override public String runId() { return original.id(); }
    @Override public String workflowKey() { return original.workflowKey(); }
    @Override public Recipient recipient() { return original.recipient(); }
    @Override public Optional<User> user() { return Optional.ofNullable(parties.user()); }
    @Override public Map<String, Object> data() { return data; }
    @Override public Optional<String> actorId() { return Optional.ofNullable(original.actorId()); }
    @Override public Optional<User> actor() { return Optional.ofNullable(parties.actor()); }
    @Override public Optional<Tenant> tenant() { return Optional.ofNullable(parties.tenant()); }

    @Override
    public Optional<Message> message(String stepRef) {
        Object msgs = state.get("messages");
        if (!(msgs instanceof Map<?, ?> m) || !(m.get(stepRef) instanceof String id)) return Optional.empty();
        for (Message pending : messages) {
            if (pending.id().equals(id)) return Optional.of(pending);
        }
        return store.findMessage(id);
    }

    @Override
    public int totalActivities() {
        Object batch = state.get("batch");
        if (batch instanceof Map<?, ?> b && b.get("total_activities") instanceof Number n) return n.intValue();
        return 1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> activities() {
        Object batch = state.get("batch");
        if (batch instanceof Map<?, ?> b && b.get("activities") instanceof List<?> l) return (List<Map<String, Object>>) l;
        return List.of();
    }

    @Override
    public Object value(String path) {
        return io.github.knockj.core.Condition.resolve(vars(), path);
    }
}
