package io.github.knockj.core.internal;

import io.github.knockj.core.KnockObject;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunContext;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.RunChanges;
import io.github.knockj.core.spi.TriggerRecord;
import io.github.knockj.core.spi.Store;
import java.time.Instant;
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
 */
final class RunState implements RunContext {
    final WorkflowRun original;
    final boolean isNew;
    final Workflow workflow;
    final User user;
    final KnockObject object;
    final User actor;
    final Tenant tenant;
    final PreferenceSet userDefaultPreferences;
    final PreferenceSet userTenantPreferences;
    final Instant now;
    private final Store store;

    RunStatus status;
    String cursor;
    Map<String, Object> data;
    private Map<String, Object> state;
    private boolean stateCopied;
    private Map<String, Object> vars;
    final List<RunLogEntry> log = new ArrayList<>(3);
    final List<Message> messages = new ArrayList<>(2);
    final List<MessageEvent> events = new ArrayList<>(2);
    final List<Job> jobs = new ArrayList<>(2);
    final List<TriggerRecord> triggers = new ArrayList<>(0);
    /**
     * Set by the engine when the runs of a chunk join their batches together: a batch step then
     * leaves its request in {@link #awaitedJoin} and stops, and the run goes on once joined.
     */
    boolean joinBatchesLater;
    RunExecutor.AwaitedJoin awaitedJoin;

    RunState(WorkflowRun run, boolean isNew, Workflow workflow, User user, KnockObject object, User actor, Tenant tenant,
             PreferenceSet userDefaultPreferences, PreferenceSet userTenantPreferences, Instant now, Store store) {
        this.original = run;
        this.isNew = isNew;
        this.workflow = workflow;
        this.user = user;
        this.object = object;
        this.actor = actor;
        this.tenant = tenant;
        this.userDefaultPreferences = userDefaultPreferences;
        this.userTenantPreferences = userTenantPreferences;
        this.now = now;
        this.store = store;
        this.status = run.status();
        this.cursor = run.cursor();
        this.data = run.data();
        this.state = run.state();
    }

    void log(String stepRef, RunLogEntry.Outcome outcome, String detail) {
        log.add(new RunLogEntry(original.id(), now, stepRef, outcome, detail));
    }

    Map<String, Object> state() {
        return state;
    }

    Object stateValue(String key) {
        return state.get(key);
    }

    void putState(String key, Object value) {
        if (!stateCopied) {
            state = new LinkedHashMap<>(state);
            stateCopied = true;
        }
        if (value == null) state.remove(key); else state.put(key, value);
        if (key.equals("batch")) vars = null; // the only state the variables show
    }

    @SuppressWarnings("unchecked")
    void recordMessage(String stepRef, String messageId) {
        Map<String, Object> msgs = new LinkedHashMap<>((Map<String, Object>) state.getOrDefault("messages", Map.of()));
        msgs.put(stepRef, messageId);
        putState("messages", Collections.unmodifiableMap(msgs));
    }

    void setData(Map<String, Object> newData) {
        this.data = newData;
        this.vars = null;
    }

    /** Everything this execution changed, for the store to apply. */
    RunChanges toChanges() {
        RunChanges rc = new RunChanges(toRun(), isNew);
        rc.messages().addAll(messages);
        rc.events().addAll(events);
        rc.jobs().addAll(jobs);
        rc.log().addAll(log);
        rc.triggers().addAll(triggers);
        return rc;
    }

    /** The run as it is now, version bumped (or version 1 for a new run). */
    WorkflowRun toRun() {
        if (stateCopied) {
            // the run handed out keeps this map: a later putState copies it again
            state = Collections.unmodifiableMap(state);
            stateCopied = false;
        }
        Map<String, Object> frozenState = state;
        if (isNew) {
            return new WorkflowRun(original.id(), original.triggerId(), original.workflowKey(), original.recipient(),
                    original.actorId(), original.tenant(), data, original.cancellationKey(), status, cursor, frozenState,
                    original.depth(), original.skipDelays(), original.createdAt(), now, 1);
        }
        return original.advanced(status, cursor, data, frozenState, now);
    }

    /** Template variables: recipient, actor, data, tenant, workflow and batch values. */
    Map<String, Object> vars() {
        if (vars == null) {
            Map<String, Object> v = new LinkedHashMap<>(12);
            v.put("recipient", recipientMap());
            v.put("actor", actor == null ? (original.actorId() == null ? null : Map.of("id", original.actorId())) : actor.toTemplateMap());
            v.put("data", data);
            v.put("tenant", tenant == null ? (original.tenant() == null ? null : Map.of("id", original.tenant())) : tenant.toTemplateMap());
            v.put("workflow", Map.of("key", workflow.key(), "name", workflow.name(), "categories", List.copyOf(workflow.categories())));
            Object batch = state.get("batch");
            if (batch instanceof Map<?, ?> b) {
                b.forEach((k, val) -> v.put((String) k, val));
            } else {
                // outside a batch a run is a batch of one
                Object actorMap = v.get("actor");
                Map<String, Object> activity = new LinkedHashMap<>();
                activity.put("actor", actorMap);
                activity.put("data", data);
                activity.put("inserted_at", text(original.createdAt()));
                v.put("total_activities", 1);
                v.put("total_actors", actorMap == null ? 0 : 1);
                v.put("activities", List.of(Collections.unmodifiableMap(activity)));
                v.put("actors", actorMap == null ? List.of() : List.of(actorMap));
            }
            v.put("run", Map.of("id", original.id(), "trigger_id", original.triggerId()));
            vars = v;
        }
        return vars;
    }

    /** The last creation time formatted: the runs of a chunk share one, and formatting an Instant costs more than a lookup. */
    private static volatile InstantText lastCreatedAt = new InstantText(Instant.EPOCH, Instant.EPOCH.toString());

    private record InstantText(Instant at, String text) {}

    private static String text(Instant at) {
        InstantText last = lastCreatedAt;
        if (!last.at().equals(at)) lastCreatedAt = last = new InstantText(at, at.toString());
        return last.text();
    }

    Map<String, Object> recipientMap() {
        if (user != null) return user.toTemplateMap();
        if (object != null) return object.toTemplateMap();
        Recipient r = original.recipient();
        return r.isUser() ? Map.of("id", r.id()) : Map.of("id", r.id(), "collection", r.collection());
    }

    Map<String, Object> channelData(String channelKey) {
        if (user != null) return user.channelData(channelKey);
        if (object != null) return object.channelData().getOrDefault(channelKey, Map.of());
        return Map.of();
    }

    // ---------------------------------------------------------------- RunContext

    @Override public String runId() { return original.id(); }
    @Override public String workflowKey() { return original.workflowKey(); }
    @Override public Recipient recipient() { return original.recipient(); }
    @Override public Optional<User> user() { return Optional.ofNullable(user); }
    @Override public Map<String, Object> data() { return data; }
    @Override public Optional<String> actorId() { return Optional.ofNullable(original.actorId()); }
    @Override public Optional<User> actor() { return Optional.ofNullable(actor); }
    @Override public Optional<Tenant> tenant() { return Optional.ofNullable(tenant); }

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
