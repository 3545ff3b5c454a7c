package io.github.knockj.core.internal;

import io.github.knockj.core.KnockObject;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.BatchJoin;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.RunChanges;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job handlers that start or continue runs share: creating a trigger's runs, loading a run
 * to continue it, advancing runs through the {@link RunExecutor} and recording their changes (with
 * their webhook notices) in the chunk's change set, and joining the runs that wait at batch steps.
 */
final class RunAdvancer {
    private static final Logger log = LoggerFactory.getLogger(RunAdvancer.class);

    private final Store store;
    private final EngineConfig config;
    private final RunExecutor executor;
    private final WebhookNotices webhooks;
    private final Tracing tracing;

    RunAdvancer(Store store, EngineConfig config, RunExecutor executor, WebhookNotices webhooks, Tracing tracing) {
        this.tracing = tracing;
        this.store = store;
        this.config = config;
        this.executor = executor;
        this.webhooks = webhooks;
    }

    /** The cancels of {@code t}'s cancellation key made shortly before it, which cancel its runs as they start. */
    List<Cancellation> cancellationsFor(TriggerRecord t) {
        if (t.cancellationKey() == null) return List.of();
        return store.findCancellations(t.workflowKey(), t.cancellationKey(), t.createdAt().minus(config.cancellationWindow()));
    }

    /** Creates and starts the runs of {@code recipients}, adding their changes to {@code cs}. */
    void createRuns(TriggerRecord t, Workflow wf, List<Recipient> recipients, Map<String, Map<String, Object>> subscriptionProps,
                    List<Cancellation> cancels, ChangeSet cs, WorkChunk chunk) {
        if (recipients.isEmpty()) return;
        Instant now = chunk.now();
        List<String> userIds = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) if (r.isUser()) userIds.add(r.id());
        Map<String, User> users = userIds.isEmpty() ? Map.of() : chunk.users(userIds);
        Map<String, PreferenceSet> defaults = wf.isRequired() || userIds.isEmpty() ? Map.of() : chunk.preferences("default", userIds);
        Map<String, PreferenceSet> perTenant = wf.isRequired() || userIds.isEmpty() || t.tenant() == null ? Map.of() : chunk.preferences(t.tenant(), userIds);
        Tenant tenant = chunk.tenant(t.tenant());
        User actor = chunk.actor(t.actorId());
        for (Recipient r : recipients) {
            KnockObject object = r.isUser() ? null : store.findObject(r.objectRef()).orElse(null);
            Map<String, Object> data = t.data();
            Map<String, Object> perRecipient = t.recipientData().get(r.key());
            if (perRecipient != null) data = Json.shallowMerge(data, perRecipient);
            String runId = Ids.derived(t.id(), r.key());
            WorkflowRun run = new WorkflowRun(runId, t.id(), wf.key(), r, t.actorId(), t.tenant(), data, t.cancellationKey(),
                    RunStatus.ACTIVE, wf.firstRef(), Map.of(), t.depth(), t.skipDelays(), now, now, 0);
            User user = users.get(r.id());
            Map<String, Object> sub = r.isUser() ? subscriptionProps.get(r.id()) : null;
            if (sub != null && user != null) user = user.toBuilder().property("subscription", sub).build();
            RunState s = new RunState(run, true, wf, r.isUser() ? user : null, object, actor, tenant,
                    r.isUser() ? defaults.get(r.id()) : null, r.isUser() ? perTenant.get(r.id()) : null, now, store, config.templateVariables());
            Cancellation c = covering(cancels, r);
            if (c != null) {
                s.end(RunStatus.CANCELLED);
                s.log(null, RunLogEntry.Outcome.RUN_CANCELLED, "cancelled by a cancel of key " + c.cancellationKey() + " at " + c.at());
            } else {
                s.deferBatchJoins();
                try (Mdc ignored = Mdc.put(Mdc.RUN_ID, runId)) {
                    advanceTraced(s, t.traceContext());
                }
            }
            record(s, cs, chunk);
        }
    }

    private static Cancellation covering(List<Cancellation> cancels, Recipient r) {
        for (Cancellation c : cancels) if (c.covers(r)) return c;
        return null;
    }

    /** Loads {@code run} to continue it, with what its steps read. */
    RunState load(WorkflowRun run, Workflow wf, WorkChunk chunk) {
        Recipient r = run.recipient();
        User user = r.isUser() ? chunk.users(List.of(r.id())).get(r.id()) : null;
        KnockObject object = r.isUser() ? null : store.findObject(r.objectRef()).orElse(null);
        PreferenceSet defaults = null, perTenant = null;
        if (r.isUser() && !wf.isRequired()) {
            defaults = chunk.preferences("default", List.of(r.id())).get(r.id());
            if (run.tenant() != null) perTenant = chunk.preferences(run.tenant(), List.of(r.id())).get(r.id());
        }
        return new RunState(run, false, wf, user, object, chunk.actor(run.actorId()), chunk.tenant(run.tenant()),
                defaults, perTenant, chunk.now(), store, config.templateVariables());
    }

    /** Advances a run as far as it goes now, joining its batch with the chunk's, and records it. */
    void advance(RunState s, ChangeSet cs, WorkChunk chunk) {
        s.deferBatchJoins();
        advanceTraced(s, tracing.enabled() ? chunk.trigger(s.original().triggerId()).map(TriggerRecord::traceContext).orElse(null) : null);
        record(s, cs, chunk);
    }

    /** Advances a run as far as it goes now and adds its changes to {@code cs}. */
    void advanceNow(RunState s, ChangeSet cs, Instant now) {
        advanceTraced(s, tracing.enabled() ? store.findTrigger(s.original().triggerId()).map(TriggerRecord::traceContext).orElse(null) : null);
        add(s, cs, now);
    }

    /**
     * Advances a run in a {@code knock.run} span, child of {@code parent} (its trigger's trace context).
     * With tracing off, only advances it.
     */
    private void advanceTraced(RunState s, String parent) {
        if (config.translations() != io.github.knockj.core.Translations.NONE) {
            // batch and throttle keys and fetch requests translate in the recipient's locale too
            KnockTranslateFilter.translating(config.translations(), s::recipientMap, () -> {
                advanceTracedNow(s, parent);
                return null;
            });
        } else {
            advanceTracedNow(s, parent);
        }
    }

    private void advanceTracedNow(RunState s, String parent) {
        if (!tracing.enabled()) {
            executor.advance(s);
            return;
        }
        WorkflowRun run = s.original();
        Map<String, String> high = new java.util.HashMap<>(4);
        high.put("knock.run.id", run.id());
        high.put("knock.trigger.id", run.triggerId());
        high.put("knock.recipient", run.recipient().key());
        if (run.cursor() != null) high.put("knock.step", run.cursor());
        Tracing.Span span = tracing.start(Tracing.RUN, parent, Map.of("knock.workflow", run.workflowKey()), high);
        s.traceContext(span::context); // a workflow this run triggers joins the trace under this span
        try {
            executor.advance(s);
            span.tag("knock.run.status", s.toRun().status().name().toLowerCase(java.util.Locale.ROOT), false);
            span.end(null);
        } catch (RuntimeException | Error e) {
            span.end(e);
            throw e;
        }
    }

    /** Adds a run's changes to {@code cs}, or leaves the run to the chunk if it waits to join a batch. */
    private void record(RunState s, ChangeSet cs, WorkChunk chunk) {
        if (s.awaitedJoin() != null) chunk.awaitingJoins.add(s);
        else add(s, cs, chunk.now());
    }

    private void add(RunState s, ChangeSet cs, Instant now) {
        RunChanges rc = s.toChanges();
        webhooks.addRunNotices(rc, now);
        cs.runs().add(rc);
    }

    /**
     * Joins the batches the chunk's runs wait at, in one call to the store (one transaction on a
     * database, rather than one per run), then lets each run go on and adds its changes to {@code cs}.
     */
    void joinBatches(List<RunState> awaiting, ChangeSet cs, Instant now) {
        List<BatchRequest> requests = new ArrayList<>(awaiting.size());
        for (RunState s : awaiting) requests.add(s.awaitedJoin().request());
        List<BatchJoin> joins = null;
        RuntimeException failure = null;
        try {
            joins = store.addToBatches(requests);
        } catch (RuntimeException e) {
            log.warn("joining {} runs to their batches failed; their batch steps will be retried", awaiting.size(), e);
            failure = e;
        }
        for (int i = 0; i < awaiting.size(); i++) {
            RunState s = awaiting.get(i);
            if (joins != null) executor.joined(s, joins.get(i));
            else executor.joinFailed(s, failure);
            add(s, cs, now);
        }
    }

    /**
     * Ends a run of a workflow this Notifier does not have (it was removed, or this instance is built
     * without it): FAILED, with the reason in its log. No retry could help, so nothing is retried.
     */
    void failUnregistered(WorkflowRun run, ChangeSet cs, Instant now) {
        String reason = "workflow '" + run.workflowKey() + "' is not registered in this Notifier";
        log.error("run {}: {}; the run ends failed", run.id(), reason);
        RunState s = new RunState(run, false, null, null, null, null, null, null, null, now, store, Map.of());
        s.end(RunStatus.FAILED);
        s.log(run.cursor(), RunLogEntry.Outcome.RUN_FAILED, reason);
        add(s, cs, now);
    }
}
