package io.github.knockj.core.internal;

import io.github.knockj.core.BatchStep;
import io.github.knockj.core.BranchStep;
import io.github.knockj.core.ChannelStep;
import io.github.knockj.core.DelayStep;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.FetchStep;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.SendWindow;
import io.github.knockj.core.Step;
import io.github.knockj.core.Template;
import io.github.knockj.core.TemplateRenderException;
import io.github.knockj.core.ThrottleStep;
import io.github.knockj.core.TriggerWorkflowStep;
import io.github.knockj.core.UpdateDataStep;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.BatchActivity;
import io.github.knockj.core.spi.BatchJoin;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.OutboundMessage;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a run's steps from its cursor until it pauses or ends, recording every decision in the
 * run log and every write in the {@link RunState}, which the caller commits.
 */
final class RunExecutor {
    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);
    /** Attempts for a step that throws, before the run fails. */
    static final int STEP_ATTEMPTS = 3;
    private static final Duration[] STEP_RETRY_DELAYS = {Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Store store;
    private final EngineConfig config;
    private final Map<String, ChannelRegistration> channels;
    private final Map<String, Workflow> workflows;
    private final Fetcher fetcher;

    RunExecutor(Store store, EngineConfig config, Map<String, ChannelRegistration> channels, Map<String, Workflow> workflows) {
        this.store = store;
        this.config = config;
        this.channels = channels;
        this.workflows = workflows;
        this.fetcher = new Fetcher(config.fetchPolicy());
    }

    /** Runs steps from the cursor; on return the run is paused, terminal, or completed. */
    void advance(RunState s) {
        Workflow wf = s.workflow;
        s.status = RunStatus.ACTIVE;
        while (s.cursor != null) {
            Step step = wf.step(s.cursor).orElse(null);
            if (step == null) {
                fail(s, null, "the workflow has no step '" + s.cursor + "' (was it renamed while this run was paused?)");
                return;
            }
            boolean goOn;
            try {
                if (step.condition() != null && !step.condition().test(s)) {
                    s.log(step.ref(), Outcome.SKIPPED_BY_CONDITION, "condition was false");
                    s.cursor = wf.refAfter(step.ref());
                    continue;
                }
                goOn = execute(s, step);
                if (s.awaitedJoin != null) return; // the step's outcome comes with the join
                if (s.stateValue("step_attempts") != null) s.putState("step_attempts", null);
            } catch (RuntimeException e) {
                retryOrFail(s, step, e);
                return;
            }
            if (!goOn) return;
        }
        s.status = RunStatus.COMPLETED;
        s.log(null, Outcome.RUN_COMPLETED, null);
    }

    /** Executes one step; true to go on with the step the cursor now names. */
    private boolean execute(RunState s, Step step) {
        if (step instanceof ChannelStep c) return channel(s, c);
        if (step instanceof DelayStep d) return delay(s, d);
        if (step instanceof BatchStep b) return batch(s, b);
        if (step instanceof ThrottleStep t) return throttle(s, t);
        if (step instanceof BranchStep b) return branch(s, b);
        if (step instanceof UpdateDataStep u) return updateData(s, u);
        if (step instanceof FetchStep f) return fetch(s, f);
        if (step instanceof TriggerWorkflowStep t) return triggerWorkflow(s, t);
        throw new IllegalStateException("unknown step kind " + step);
    }

    private void retryOrFail(RunState s, Step step, RuntimeException e) {
        int attempts = s.stateValue("step_attempts") instanceof Number n ? n.intValue() + 1 : 1;
        if (attempts < STEP_ATTEMPTS) {
            s.putState("step_attempts", attempts);
            Duration wait = STEP_RETRY_DELAYS[Math.min(attempts - 1, STEP_RETRY_DELAYS.length - 1)];
            s.log(step.ref(), Outcome.STEP_RETRY, "attempt " + attempts + " failed (" + describe(e) + "); retrying in " + wait);
            pause(s, s.cursor, s.now.plus(wait));
        } else {
            log.warn("run {} step {} failed after {} attempts", s.original.id(), step.ref(), attempts, e);
            fail(s, step.ref(), "failed after " + attempts + " attempts: " + describe(e));
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private void fail(RunState s, String ref, String reason) {
        s.status = RunStatus.FAILED;
        s.log(ref, Outcome.STEP_FAILED, reason);
        s.log(null, Outcome.RUN_FAILED, reason);
    }

    /** Pauses the run until {@code at}, when a RUN job resumes it at {@code resumeRef}. */
    private void pause(RunState s, String resumeRef, Instant at) {
        s.status = RunStatus.PAUSED;
        s.cursor = resumeRef;
        s.jobs.add(Job.create(Ids.next(), JobKind.RUN, s.original.id(), null, at, s.now));
    }

    // ---------------------------------------------------------------- channel

    private boolean channel(RunState s, ChannelStep step) {
        String next = s.workflow.refAfter(step.ref());
        ChannelRegistration reg = channels.get(step.channelKey());
        OutboundMessage.RecipientInfo info = new OutboundMessage.RecipientInfo(s.recipient().id(), s.recipient().isUser(),
                s.recipientMap(), s.channelData(step.channelKey()));
        if (!reg.primary().canReach(info, step.channelKey())) {
            s.log(step.ref(), Outcome.MISSING_CHANNEL_DATA, "recipient has no " + reg.type().name().toLowerCase() + " channel data for '" + step.channelKey() + "'");
            s.cursor = next;
            return true;
        }
        if (!s.workflow.isRequired()) {
            PreferenceSet prefs = effectivePreferences(s);
            if (!prefs.allows(s.workflow.key(), s.workflow.categories(), reg.type(), step.channelKey(), s.vars())) {
                s.log(step.ref(), Outcome.BLOCKED_BY_PREFERENCE, "recipient's preferences do not allow " + reg.type() + " on '" + step.channelKey() + "'");
                s.cursor = next;
                return true;
            }
            if (config.recipientBudget() != null && s.recipient().isUser() && s.stateValue("budget") == null) {
                EngineConfig.RecipientBudget b = config.recipientBudget();
                if (!store.acquireThrottle("budget|" + s.recipient().key(), s.original.id(), s.now, b.window(), b.limit())) {
                    s.status = RunStatus.STOPPED;
                    s.log(step.ref(), Outcome.BUDGET_EXHAUSTED, "recipient already had " + b.limit() + " notifications within " + b.window());
                    return false;
                }
                s.putState("budget", Boolean.TRUE);
            }
        }
        String id = Ids.next();
        Map<String, String> content = new LinkedHashMap<>();
        String renderError = null;
        List<String> undefined = new ArrayList<>();
        for (Map.Entry<String, Template> t : step.templates().entrySet()) {
            String field = t.getKey();
            try {
                String rendered = t.getValue().render(s.vars(), reg.primary().escaping(field), config.strictTemplates(),
                        name -> undefined.add("field '" + field + "': " + name));
                if (config.tracking() != null && reg.type() == io.github.knockj.core.ChannelType.EMAIL && t.getKey().equals("html")) {
                    rendered = config.tracking().instrument(id, rendered);
                }
                content.put(t.getKey(), rendered);
            } catch (TemplateRenderException e) {
                renderError = "field '" + t.getKey() + "': " + e.getMessage();
                break;
            }
        }
        DeliveryStatus status = renderError != null ? DeliveryStatus.NOT_SENT : reg.isInAppFeed() ? DeliveryStatus.DELIVERED : DeliveryStatus.QUEUED;
        Message m = new Message(id, s.original.id(), s.workflow.key(), step.ref(), step.channelKey(), reg.type(), s.recipient(),
                s.original.tenant(), s.original.actorId(), List.copyOf(s.workflow.categories()), content, messageData(s),
                status, 0, null, null, null, null, null, s.now, s.now);
        s.messages.add(m);
        s.recordMessage(step.ref(), id);
        if (!undefined.isEmpty()) {
            s.log(step.ref(), Outcome.UNDEFINED_VARIABLES, "printed as nothing: " + String.join("; ", undefined));
        }
        if (renderError != null) {
            // the step errored: the message stays as not sent, with the reason, and the run fails here
            s.events.add(MessageEvent.of(id, s.now, DeliveryStatus.NOT_SENT, renderError));
            s.log(step.ref(), Outcome.RENDER_FAILED, renderError);
            s.status = RunStatus.FAILED;
            s.log(null, Outcome.RUN_FAILED, "step '" + step.ref() + "' could not render its message: " + renderError);
            return false;
        } else if (reg.isInAppFeed()) {
            s.events.add(MessageEvent.of(id, s.now, DeliveryStatus.DELIVERED, "stored in feed"));
            s.log(step.ref(), Outcome.MESSAGE_QUEUED, "in-app message " + id + " delivered to feed '" + step.channelKey() + "'");
        } else {
            Instant due = s.now;
            SendWindow window = step.sendWindow();
            if (window != null) {
                ZoneId zone = zoneOf(s);
                due = window.nextOpening(s.now, zone);
                if (due.isAfter(s.now)) {
                    s.log(step.ref(), Outcome.SEND_WINDOW_WAIT, "outside the send window in " + zone + "; sending at " + due);
                }
            }
            s.events.add(MessageEvent.of(id, s.now, DeliveryStatus.QUEUED, null));
            s.jobs.add(Job.create(Ids.next(), JobKind.DELIVER, id, null, due, s.now));
            s.log(step.ref(), Outcome.MESSAGE_QUEUED, "message " + id + " queued on '" + step.channelKey() + "'");
        }
        s.cursor = next;
        return true;
    }

    private static Map<String, Object> messageData(RunState s) {
        Object batch = s.stateValue("batch");
        if (!(batch instanceof Map<?, ?> b)) return s.data;
        Map<String, Object> d = new LinkedHashMap<>(s.data);
        d.put("total_activities", b.get("total_activities"));
        d.put("total_actors", b.get("total_actors"));
        return java.util.Collections.unmodifiableMap(d);
    }

    private PreferenceSet effectivePreferences(RunState s) {
        PreferenceSet env = config.defaultPreferences();
        PreferenceSet tenantDefault = s.tenant == null ? null : s.tenant.defaultPreferences();
        PreferenceSet merged = env;
        if (tenantDefault != null) merged = tenantDefault.over(merged);
        if (s.userDefaultPreferences != null) merged = s.userDefaultPreferences.over(merged);
        if (s.userTenantPreferences != null) merged = s.userTenantPreferences.over(merged);
        return merged;
    }

    private static ZoneId zoneOf(RunState s) {
        String tz = s.user != null ? s.user.timezone().orElse(null) : null;
        if (tz == null && s.tenant != null) tz = s.tenant.timezone();
        try {
            return tz == null ? ZoneOffset.UTC : ZoneId.of(tz);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    // ---------------------------------------------------------------- delay

    private boolean delay(RunState s, DelayStep step) {
        String next = s.workflow.refAfter(step.ref());
        if (s.original.skipDelays()) {
            s.log(step.ref(), Outcome.DELAY_SKIPPED, "delays are skipped for this trigger");
            s.cursor = next;
            return true;
        }
        Instant until;
        if (step.duration() != null) {
            until = s.now.plus(step.duration());
        } else {
            Object v = s.value(step.untilPath());
            Instant at = parseInstant(v);
            if (at == null) {
                s.log(step.ref(), Outcome.DELAY_SKIPPED, v == null ? "no timestamp at '" + step.untilPath() + "'"
                        : "'" + step.untilPath() + "' is not a timestamp: " + v);
                s.cursor = next;
                return true;
            }
            until = at.plus(step.offset());
            if (!until.isAfter(s.now)) {
                s.log(step.ref(), Outcome.DELAY_SKIPPED, "the time " + until + " has already passed");
                s.cursor = next;
                return true;
            }
            if (until.isAfter(s.now.plus(DelayStep.MAX_DELAY))) {
                s.log(step.ref(), Outcome.DELAY_SKIPPED, until + " is more than " + DelayStep.MAX_DELAY + " away");
                s.cursor = next;
                return true;
            }
        }
        s.log(step.ref(), Outcome.DELAYED, "until " + until);
        pause(s, next, until);
        return false;
    }

    static Instant parseInstant(Object v) {
        if (v instanceof Number n) return Instant.ofEpochMilli(n.longValue());
        if (v instanceof String str) {
            try {
                return OffsetDateTime.parse(str).toInstant();
            } catch (DateTimeException e) {
                try {
                    return Instant.parse(str);
                } catch (DateTimeException e2) {
                    return null;
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- batch

    private boolean batch(RunState s, BatchStep step) {
        String next = s.workflow.refAfter(step.ref());
        Instant closeAt;
        if (step.window() != null) {
            closeAt = s.now.plus(step.window());
        } else {
            closeAt = windowFromData(s.value(step.windowPath()), s.now);
            if (closeAt == null) {
                s.log(step.ref(), Outcome.BATCH_EMPTY, "no valid window at '" + step.windowPath() + "'; batch step skipped");
                s.cursor = next;
                return true;
            }
        }
        String renderedKey = step.key() == null ? "" : step.key().render(s.vars(), false);
        String key = s.workflow.key() + "|" + step.ref() + "|" + s.recipient().key() + "|" + renderedKey;
        Duration sliding = step.isSliding() ? Duration.between(s.now, closeAt) : null;
        Instant maxCloseAt = step.isSliding() ? s.now.plus(step.maxWindow()) : null;
        BatchRequest request = new BatchRequest(key,
                new BatchActivity(s.original.id(), s.original.actorId(), s.data, s.now), s.now, closeAt, sliding, maxCloseAt,
                step.maxActivities(), step.flushesLeadingItem(), Ids.next(), s.workflow.key() + "\n" + step.ref());
        if (s.joinBatchesLater) {
            s.awaitedJoin = new AwaitedJoin(step, request);
            return false;
        }
        return joined(s, step, store.addToBatch(request));
    }

    /** A batch step's request, left for the engine to make together with those of other runs. */
    record AwaitedJoin(BatchStep step, BatchRequest request) {}

    /** Goes on with a run whose batch step's request the engine made; the run then joins batches at once. */
    void joined(RunState s, BatchJoin join) {
        BatchStep step = takeAwaitedJoin(s).step();
        if (s.stateValue("step_attempts") != null) s.putState("step_attempts", null);
        if (joined(s, step, join)) advance(s);
    }

    /** Retries or fails the batch step of a run whose request, made by the engine, failed. */
    void joinFailed(RunState s, RuntimeException e) {
        retryOrFail(s, takeAwaitedJoin(s).step(), e);
    }

    private static AwaitedJoin takeAwaitedJoin(RunState s) {
        AwaitedJoin awaited = s.awaitedJoin;
        s.awaitedJoin = null;
        s.joinBatchesLater = false;
        return awaited;
    }

    private boolean joined(RunState s, BatchStep step, BatchJoin join) {
        String next = s.workflow.refAfter(step.ref());
        switch (join.outcome()) {
            case HOLDER -> {
                s.putState("batch_id", join.batchId());
                s.log(step.ref(), Outcome.BATCH_OPENED, "holding batch " + join.batchId() + " until " + join.closeAt());
                s.status = RunStatus.PAUSED;
                s.cursor = next;
                return false;
            }
            case JOINED -> {
                s.status = RunStatus.ABSORBED;
                s.log(step.ref(), Outcome.BATCH_JOINED, "activity added to batch " + join.batchId());
                return false;
            }
            default -> {
                s.log(step.ref(), Outcome.BATCH_FLUSHED, "leading item of batch " + join.batchId() + " sent at once");
                s.cursor = next;
                return true;
            }
        }
    }

    static Instant windowFromData(Object v, Instant now) {
        if (v instanceof Number n && n.longValue() > 0) return now.plusSeconds(n.longValue());
        if (v instanceof String str) {
            try {
                Duration d = Duration.parse(str);
                return d.isNegative() || d.isZero() ? null : now.plus(d);
            } catch (DateTimeException e) {
                Instant at = parseInstant(str);
                return at != null && at.isAfter(now) ? at : null;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- throttle, branch, data, fetch, trigger

    private boolean throttle(RunState s, ThrottleStep step) {
        String renderedKey = step.key() == null ? "" : step.key().render(s.vars(), false);
        String key = "throttle|" + s.workflow.key() + "|" + step.ref() + "|" + s.recipient().key() + "|" + renderedKey;
        if (!store.acquireThrottle(key, s.original.id(), s.now, step.window(), step.limit())) {
            s.status = RunStatus.STOPPED;
            s.log(step.ref(), Outcome.THROTTLED, "more than " + step.limit() + " runs within " + step.window());
            return false;
        }
        s.log(step.ref(), Outcome.THROTTLE_PASSED, null);
        s.cursor = s.workflow.refAfter(step.ref());
        return true;
    }

    private boolean branch(RunState s, BranchStep step) {
        for (BranchStep.Branch b : step.allBranches()) {
            if (b.condition().test(s)) {
                String entry = s.workflow.branchEntry(step.ref(), b.name());
                s.log(step.ref(), Outcome.BRANCH_TAKEN, b.name());
                if (entry == null) {
                    s.status = RunStatus.COMPLETED;
                    s.log(step.ref(), Outcome.EXITED, "branch '" + b.name() + "' exits");
                    s.cursor = null;
                    return false;
                }
                s.cursor = entry;
                return true;
            }
        }
        throw new IllegalStateException("no branch matched, not even the default");
    }

    private boolean updateData(RunState s, UpdateDataStep step) {
        Map<String, ?> update = step.update().apply(s);
        s.setData(Json.shallowMerge(s.data, Json.copyMap("updateData." + step.ref(), update)));
        s.log(step.ref(), Outcome.DATA_UPDATED, "keys " + (update == null ? "[]" : update.keySet()));
        s.cursor = s.workflow.refAfter(step.ref());
        return true;
    }

    private boolean fetch(RunState s, FetchStep step) {
        Fetcher.Result r = fetcher.fetch(step, s.vars());
        if (r.ok()) {
            Map<String, Object> body = r.body();
            s.setData(step.responsePath() == null ? Json.shallowMerge(s.data, body) : Json.shallowMerge(s.data, Map.of(step.responsePath(), body)));
            s.putState("fetch_attempts", null);
            s.log(step.ref(), Outcome.FETCHED, "merged keys " + body.keySet());
            s.cursor = s.workflow.refAfter(step.ref());
            return true;
        }
        int attempts = s.stateValue("fetch_attempts") instanceof Number n ? n.intValue() : 0;
        if (r.retryable() && attempts < FetchStep.DEFAULT_RETRY_DELAYS.length) {
            Duration wait = FetchStep.DEFAULT_RETRY_DELAYS[attempts];
            s.putState("fetch_attempts", attempts + 1);
            s.log(step.ref(), Outcome.FETCH_RETRY, r.error() + "; retrying in " + wait);
            pause(s, step.ref(), s.now.plus(wait));
            return false;
        }
        fail(s, step.ref(), "fetch failed: " + r.error());
        return false;
    }

    private boolean triggerWorkflow(RunState s, TriggerWorkflowStep step) {
        if (s.original.depth() + 1 > config.maxTriggerDepth()) {
            fail(s, step.ref(), "trigger depth limit " + config.maxTriggerDepth() + " reached (workflows trigger each other in a loop?)");
            return false;
        }
        Workflow child = workflows.get(step.workflowKey());
        if (child == null || !child.isActive()) {
            fail(s, step.ref(), "workflow '" + step.workflowKey() + "' is " + (child == null ? "unknown" : "inactive"));
            return false;
        }
        List<Recipient> recipients = new ArrayList<>(new LinkedHashSet<>(step.recipients().apply(s)));
        Map<String, Object> data = Json.copyMap("triggerWorkflow.data", step.data().apply(s));
        String triggerId = Ids.derived(s.original.id(), step.ref());
        if (!recipients.isEmpty()) {
            s.triggers.add(new TriggerRecord(triggerId, child.key(), recipients, s.original.actorId(), s.original.tenant(), data,
                    Map.of(), null, null, s.original.skipDelays(), s.original.depth() + 1, s.now));
            s.jobs.add(Job.create(Ids.next(), JobKind.TRIGGER, triggerId, null, s.now, s.now));
        }
        s.log(step.ref(), Outcome.WORKFLOW_TRIGGERED, "'" + child.key() + "' for " + recipients.size() + " recipient(s), trigger " + triggerId);
        s.cursor = s.workflow.refAfter(step.ref());
        return true;
    }
}
