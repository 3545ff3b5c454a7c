package io.github.knockj.core.internal;

import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One chunk of jobs being executed, committed as one change set. What it reads is fetched in bulk:
 * the triggers and runs its jobs name, then the users they reach and those users' preference sets,
 * so that a chunk of many small triggers costs a few round trips rather than a few per trigger;
 * tenants and actors are cached. Its runs' batch steps wait here to join their batches together, in
 * one call.
 */
final class WorkChunk {
    private final Store store;
    private final Map<String, Workflow> workflows;
    private final String owner;
    private final Instant now;
    private final Map<String, Optional<Tenant>> tenants = new HashMap<>();
    private final Map<String, Optional<User>> actors = new HashMap<>();
    private final Map<String, TriggerRecord> triggers = new HashMap<>();
    private final Map<String, WorkflowRun> runs = new HashMap<>();
    private final Map<String, User> users = new HashMap<>();
    private final Set<String> usersFetched = new HashSet<>();
    /** Preference sets by set id ("default" or a tenant), then user id; with the users fetched for each. */
    private final Map<String, Map<String, PreferenceSet>> preferences = new HashMap<>();
    private final Map<String, Set<String>> preferencesFetched = new HashMap<>();
    /** The chunk's runs waiting at a batch step; their changes are added once they have joined. */
    final List<RunState> awaitingJoins = new ArrayList<>();
    /** A batch this chunk flushed, announced to listeners once the chunk is committed. */
    record Flush(String workflowKey, String stepRef, java.time.Duration lag) {}
    /** The chunk's batch flushes, in order; those of a job that failed are dropped with it. */
    final List<Flush> flushes = new ArrayList<>();

    /** Whether runs are traced: then the triggers of the chunk's runs are prefetched for their trace contexts. */
    private final boolean traced;

    WorkChunk(Store store, Map<String, Workflow> workflows, String owner, Instant now, boolean traced) {
        this.traced = traced;
        this.store = store;
        this.workflows = workflows;
        this.owner = owner;
        this.now = now;
    }

    /** The node executing the chunk, which holds its jobs' leases. */
    String owner() {
        return owner;
    }

    /** The time the chunk runs at. */
    Instant now() {
        return now;
    }

    /** Fetches in bulk what the TRIGGER and RUN jobs among {@code jobs} will read. */
    void prefetch(List<Job> jobs) {
        List<String> triggerIds = new ArrayList<>(), runIds = new ArrayList<>();
        for (Job j : jobs) {
            if (j.kind() == JobKind.TRIGGER) triggerIds.add(j.target());
            else if (j.kind() == JobKind.RUN) runIds.add(j.target());
        }
        if (triggerIds.size() + runIds.size() < 2) return; // one job: no round trip to save
        if (!triggerIds.isEmpty()) triggers.putAll(store.findTriggers(triggerIds));
        if (!runIds.isEmpty()) runs.putAll(store.findRuns(runIds));
        if (traced && !runs.isEmpty()) {
            // the runs' spans name their trigger's as parent: one more round trip per chunk, only when traced
            List<String> ofRuns = new ArrayList<>();
            for (WorkflowRun r : runs.values()) if (!triggers.containsKey(r.triggerId())) ofRuns.add(r.triggerId());
            if (!ofRuns.isEmpty()) triggers.putAll(store.findTriggers(ofRuns));
        }
        Map<String, List<String>> usersBySet = new HashMap<>();
        for (TriggerRecord t : triggers.values()) {
            Workflow wf = workflows.get(t.workflowKey());
            for (Recipient r : t.recipients()) if (r.isUser()) want(usersBySet, wf, t.tenant(), r.id());
        }
        for (WorkflowRun r : runs.values()) {
            if (r.recipient().isUser()) want(usersBySet, workflows.get(r.workflowKey()), r.tenant(), r.recipient().id());
        }
        List<String> all = usersBySet.getOrDefault("default", List.of());
        if (!all.isEmpty()) users(all);
        usersBySet.forEach(this::preferences);
    }

    private static void want(Map<String, List<String>> usersBySet, Workflow wf, String tenant, String userId) {
        usersBySet.computeIfAbsent("default", k -> new ArrayList<>()).add(userId);
        if (wf != null && !wf.isRequired() && tenant != null) usersBySet.computeIfAbsent(tenant, k -> new ArrayList<>()).add(userId);
    }

    Tenant tenant(String id) {
        return id == null ? null : tenants.computeIfAbsent(id, store::findTenant).orElse(null);
    }

    User actor(String id) {
        return id == null ? null : actors.computeIfAbsent(id, store::findUser).orElse(null);
    }

    Optional<TriggerRecord> trigger(String id) {
        TriggerRecord t = triggers.get(id);
        return t != null ? Optional.of(t) : store.findTrigger(id);
    }

    Optional<WorkflowRun> run(String id) {
        // a run prefetched for this chunk may have moved on since, if two of its jobs are in the chunk
        WorkflowRun r = runs.remove(id);
        return r != null ? Optional.of(r) : store.findRun(id);
    }

    /** The users among {@code ids} that exist, fetching those not yet fetched in one round trip. */
    Map<String, User> users(Collection<String> ids) {
        List<String> missing = new ArrayList<>();
        for (String id : ids) if (!usersFetched.contains(id)) missing.add(id);
        if (!missing.isEmpty()) {
            users.putAll(store.findUsers(missing));
            usersFetched.addAll(missing);
        }
        Map<String, User> out = new HashMap<>();
        for (String id : ids) {
            User u = users.get(id);
            if (u != null) out.put(id, u);
        }
        return out;
    }

    /** The preference sets {@code setId} of the users among {@code ids} that have one. */
    Map<String, PreferenceSet> preferences(String setId, Collection<String> ids) {
        Set<String> fetched = preferencesFetched.computeIfAbsent(setId, k -> new HashSet<>());
        Map<String, PreferenceSet> sets = preferences.computeIfAbsent(setId, k -> new HashMap<>());
        List<String> missing = new ArrayList<>();
        for (String id : ids) if (!fetched.contains(id)) missing.add(id);
        if (!missing.isEmpty()) {
            sets.putAll(store.findPreferences(missing, setId));
            fetched.addAll(missing);
        }
        Map<String, PreferenceSet> out = new HashMap<>();
        for (String id : ids) {
            PreferenceSet p = sets.get(id);
            if (p != null) out.put(id, p);
        }
        return out;
    }
}
