package io.github.knockj.core.internal;

import io.github.knockj.core.IdempotencyConflictException;
import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.NotFoundException;
import io.github.knockj.core.PayloadTooLargeException;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.TriggerRequest;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowInactiveException;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.IdempotencyKeyTakenException;
import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Accepts triggers: validates them, answers replays of an idempotency key, and writes the trigger
 * with its {@link JobKind#TRIGGER} job (leased ahead to this node when its workers have room), the
 * job that {@link TriggerJobHandler} then executes.
 */
final class TriggerIntake {
    private final Store store;
    /** Triggers beyond a few at once share transactions. */
    private final GroupCommit commits;
    private final Clock clock;
    private final EngineConfig config;
    private final Function<String, Workflow> workflows;
    private final Workers workers;
    private final Listeners listeners;
    private final Tracing tracing;

    TriggerIntake(Store store, Clock clock, EngineConfig config, Function<String, Workflow> workflows, Workers workers, Listeners listeners,
                  Tracing tracing) {
        this.listeners = listeners;
        this.tracing = tracing;
        this.store = store;
        this.commits = new GroupCommit(store, GroupCommit.CONCURRENT_COMMITS);
        this.clock = clock;
        this.config = config;
        this.workflows = workflows;
        this.workers = workers;
    }

    /**
     * Accepts a trigger, writing it through {@code via}: the Notifier's own store, or a view of it
     * bound to the application's open transaction (then the trigger exists only if that commits, and
     * workers find it at their next poll).
     */
    TriggerResult trigger(TriggerRequest req, Store via) {
        if (!tracing.enabled()) return accept(req, via, null);
        // no key yet if the request names none: accept() fails it as it does untraced
        Map<String, String> low = req.workflowKey() == null ? Map.of() : Map.of("knock.workflow", req.workflowKey());
        Tracing.Span span = tracing.start(Tracing.TRIGGER, tracing.capture(), low, Map.of());
        try {
            TriggerResult r = accept(req, via, span);
            span.tag("knock.trigger.id", r.triggerId(), true);
            span.tag("knock.replay", Boolean.toString(r.replayed()), false);
            span.end(null);
            return r;
        } catch (RuntimeException | Error e) {
            span.end(e);
            throw e;
        }
    }

    /** Accepts a trigger; its trace context is {@code span}'s, or none if it is null. */
    private TriggerResult accept(TriggerRequest req, Store via, Tracing.Span span) {
        Workflow wf = workflows.apply(req.workflowKey());
        if (!wf.isActive()) throw new WorkflowInactiveException(wf.key());
        if (req.recipients().isEmpty()) throw new InvalidInputException("trigger.recipients", "must not be empty");
        if (req.recipients().size() > config.maxRecipients()) {
            throw new InvalidInputException("trigger.recipients", req.recipients().size() + " recipients, over the limit of " + config.maxRecipients()
                    + " (trigger an object to reach more)");
        }
        List<Recipient> recipients = new ArrayList<>(new LinkedHashSet<>(req.recipients()));
        if (req.actor() != null) Validate.id("trigger.actor", req.actor());
        if (req.tenant() != null) Validate.id("trigger.tenant", req.tenant());
        String idempotencyKey = key("trigger.idempotencyKey", req.idempotencyKey());
        String cancellationKey = key("trigger.cancellationKey", req.cancellationKey());
        Map<String, Object> data = Json.copyMap("trigger.data", req.data());
        Map<String, Map<String, Object>> recipientData = new LinkedHashMap<>();
        req.recipientData().forEach((k, v) -> recipientData.put(k, Json.copyMap("trigger.recipientData." + k, v)));
        long size = Json.writeBytes(data).length;
        for (Map<String, Object> d : recipientData.values()) size += Json.writeBytes(d).length;
        if (size > config.maxPayloadBytes()) throw new PayloadTooLargeException(size, config.maxPayloadBytes());

        Instant now = clock.instant();
        String fingerprint = null;
        if (idempotencyKey != null) {
            fingerprint = fingerprint(req, data, recipientData);
            Optional<IdempotencyRecord> existing = via.findIdempotency(idempotencyKey, now);
            if (existing.isPresent()) return replay(existing.get(), fingerprint);
        }
        requireObjects(recipients, via);
        // a user given inline more than once keeps the fields of its first occurrence, as its run does
        Map<String, User> inline = new LinkedHashMap<>();
        for (User u : req.inlineUsers()) inline.putIfAbsent(u.id(), u);
        if (req.inlineActor() != null) inline.putIfAbsent(req.inlineActor().id(), req.inlineActor());
        if (!inline.isEmpty()) via.mergeUsers(List.copyOf(inline.values()), now);

        String triggerId = Ids.next();
        TriggerRecord t = new TriggerRecord(triggerId, wf.key(), recipients, req.actor(), req.tenant(), data, recipientData,
                cancellationKey, idempotencyKey, req.skipDelays(), 0, now, span == null ? null : span.context());
        ChangeSet cs = new ChangeSet(null);
        cs.triggers().add(t);
        cs.jobs().add(Job.create(Ids.next(), JobKind.TRIGGER, triggerId, null, now, now));
        if (idempotencyKey != null) {
            cs.idempotencyRecords().add(new IdempotencyRecord(idempotencyKey, fingerprint, triggerId, now, now.plus(config.idempotencyWindow())));
        }
        int ahead = via == store ? workers.leaseAhead(List.of(cs.jobs()), now) : 0;
        try {
            if (via == store) commits.commit(cs);
            else via.commit(cs);
        } catch (IdempotencyKeyTakenException e) {
            workers.release(ahead);
            return replay(e.existing(), fingerprint);
        } catch (RuntimeException e) {
            workers.release(ahead);
            throw e;
        }
        if (ahead > 0) workers.handOver(List.of(cs.jobs()), ahead);
        else if (via == store) workers.wakeUp();
        if (!listeners.isEmpty()) {
            try (Mdc ignored = Mdc.put(Mdc.TRIGGER_ID, triggerId)) {
                listeners.triggerAccepted(t);
            }
        }
        return new TriggerResult(triggerId, false);
    }

    /** Fails, naming them, if objects among {@code recipients} do not exist: a trigger for them would reach nobody. */
    private static void requireObjects(List<Recipient> recipients, Store via) {
        List<String> missing = new ArrayList<>();
        for (Recipient r : recipients) {
            if (!r.isUser() && via.findObject(r.objectRef()).isEmpty()) missing.add("'" + r.objectRef() + "'");
        }
        if (missing.isEmpty()) return;
        throw new NotFoundException((missing.size() == 1 ? "no object " : "no objects ") + String.join(", ", missing)
                + "; create " + (missing.size() == 1 ? "it" : "them") + " with objects().set before triggering");
    }

    private static TriggerResult replay(IdempotencyRecord existing, String fingerprint) {
        if (!existing.fingerprint().equals(fingerprint)) throw new IdempotencyConflictException(existing.key());
        return new TriggerResult(existing.triggerId(), true);
    }

    /** Checks an idempotency or cancellation key: null, or non-blank text of at most {@link Engine#MAX_KEY_LENGTH} characters. */
    static String key(String field, String key) {
        if (key == null) return null;
        if (key.isBlank()) throw new InvalidInputException(field, "must not be blank");
        if (key.length() > Engine.MAX_KEY_LENGTH) throw new InvalidInputException(field, "is " + key.length() + " characters, over the limit of " + Engine.MAX_KEY_LENGTH);
        return Validate.text(field, key);
    }

    private static String fingerprint(TriggerRequest req, Map<String, Object> data, Map<String, Map<String, Object>> recipientData) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflow", req.workflowKey());
        List<String> r = new ArrayList<>();
        for (Recipient x : req.recipients()) r.add(x.key());
        m.put("recipients", r);
        m.put("actor", req.actor());
        m.put("tenant", req.tenant());
        m.put("data", data);
        m.put("recipient_data", recipientData);
        m.put("cancellation_key", req.cancellationKey());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(Json.canonical(m).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
