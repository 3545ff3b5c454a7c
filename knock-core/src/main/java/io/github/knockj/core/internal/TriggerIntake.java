package io.github.knockj.core.internal;

import io.github.knockj.core.IdempotencyConflictException;
import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.NotFoundException;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.PayloadTooLargeException;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.TriggerRequest;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.UnknownWorkflowException;
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
import java.util.Collections;
import java.util.HashMap;
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
        return accept(Collections.singletonList(req), via, false).get(0);
    }

    /**
     * Accepts many triggers in one store transaction (see {@code Notifier.triggerAll}): every entry is
     * validated first (an invalid one fails the call, naming it as {@code triggers[i]}, before
     * anything is written), then the triggers that are not replays of an idempotency key, stored or
     * used by an earlier entry, are written together. Returns one result per entry, in order.
     */
    List<TriggerResult> triggerAll(List<TriggerRequest> reqs, Store via) {
        Validate.notNull("triggers", reqs);
        if (reqs.size() > Engine.MAX_BULK_TRIGGERS) {
            throw new InvalidInputException("triggers", reqs.size() + " triggers, over the limit of " + Engine.MAX_BULK_TRIGGERS + " per call");
        }
        if (reqs.isEmpty()) return List.of();
        return accept(reqs, via, true);
    }

    /**
     * Accepts triggers in one transaction, each in a {@code knock.trigger} span of its own when
     * tracing is on. {@code bulk} names an invalid entry {@code triggers[i]}; a single trigger's
     * fields are {@code trigger.*}.
     */
    private List<TriggerResult> accept(List<TriggerRequest> reqs, Store via, boolean bulk) {
        if (!tracing.enabled()) return acceptAll(reqs, via, null, bulk);
        String parent = tracing.capture();
        Tracing.Span[] spans = new Tracing.Span[reqs.size()];
        for (int i = 0; i < spans.length; i++) {
            TriggerRequest r = reqs.get(i);
            // no key yet if the request names none: acceptAll() fails it as it does untraced
            Map<String, String> low = r == null || r.workflowKey() == null ? Map.of() : Map.of("knock.workflow", r.workflowKey());
            spans[i] = tracing.start(Tracing.TRIGGER, parent, low, Map.of());
        }
        try {
            List<TriggerResult> results = acceptAll(reqs, via, spans, bulk);
            for (int i = 0; i < spans.length; i++) {
                spans[i].tag("knock.trigger.id", results.get(i).triggerId(), true);
                spans[i].tag("knock.replay", Boolean.toString(results.get(i).replayed()), false);
                spans[i].end(null);
            }
            return results;
        } catch (RuntimeException | Error e) {
            for (Tracing.Span s : spans) s.end(e);
            throw e;
        }
    }

    /** Validates, then writes in one transaction; {@code spans} (or null) give each trigger its trace context. */
    private List<TriggerResult> acceptAll(List<TriggerRequest> reqs, Store via, Tracing.Span[] spans, boolean bulk) {
        int n = reqs.size();
        String[] where = new String[n]; // null for a single trigger
        Prepared[] prepared = new Prepared[n];
        for (int i = 0; i < n; i++) {
            if (bulk) where[i] = "triggers[" + i + "]";
            TriggerRequest r = reqs.get(i);
            if (r == null) throw new InvalidInputException(bulk ? where[i] : "trigger", "must not be null");
            prepared[i] = prepare(r, where[i]);
        }
        Instant now = clock.instant();
        TriggerResult[] results = new TriggerResult[n];
        // the first entry with a key claims it; a later entry with the same key replays that one (or conflicts)
        Map<String, Integer> claimant = new LinkedHashMap<>();
        int[] sameAs = new int[n];
        for (int i = 0; i < n; i++) {
            sameAs[i] = -1;
            String key = prepared[i].idempotencyKey();
            if (key == null) continue;
            Integer first = claimant.putIfAbsent(key, i);
            if (first == null) continue;
            if (!prepared[first].fingerprint().equals(prepared[i].fingerprint())) throw new IdempotencyConflictException(key, where[i]);
            sameAs[i] = first;
        }
        if (!claimant.isEmpty()) {
            Map<String, IdempotencyRecord> stored = via.findIdempotencyRecords(claimant.keySet(), now);
            claimant.forEach((key, i) -> {
                IdempotencyRecord r = stored.get(key);
                if (r != null) results[i] = replay(r, prepared[i].fingerprint(), where[i]);
            });
        }
        Map<ObjectRef, Boolean> objects = new HashMap<>();
        List<User> inline = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (results[i] != null || sameAs[i] >= 0) continue;
            requireObjects(prepared[i].recipients(), via, where[i], objects);
            inline.addAll(inlineUsers(reqs.get(i)));
        }
        if (!inline.isEmpty()) via.mergeUsers(inline, now);

        String[] ids = new String[n];
        while (true) {
            ChangeSet cs = new ChangeSet(null);
            List<TriggerRecord> written = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (results[i] != null || sameAs[i] >= 0) continue;
                if (ids[i] == null) ids[i] = Ids.next();
                written.add(prepared[i].write(cs, ids[i], now, spans == null ? null : spans[i].context(), config));
            }
            if (written.isEmpty()) break;
            try {
                commit(cs, via, now);
            } catch (IdempotencyKeyTakenException e) {
                // another caller claimed one of the keys since the lookup: that entry replays it, the rest is written again
                Integer i = claimant.get(e.existing().key());
                if (i == null || results[i] != null) throw e;
                results[i] = replay(e.existing(), prepared[i].fingerprint(), where[i]);
                continue;
            }
            for (TriggerRecord t : written) accepted(t);
            for (int i = 0; i < n; i++) if (results[i] == null && sameAs[i] < 0) results[i] = new TriggerResult(ids[i], false);
            break;
        }
        for (int i = 0; i < n; i++) if (sameAs[i] >= 0) results[i] = new TriggerResult(results[sameAs[i]].triggerId(), true);
        return List.of(results);
    }

    /**
     * Commits a new trigger's change set through {@code via}, leasing its job ahead to this node's
     * workers when it goes to the Notifier's own store and they have room.
     */
    private void commit(ChangeSet cs, Store via, Instant now) {
        int ahead = via == store ? workers.leaseAhead(List.of(cs.jobs()), now) : 0;
        try {
            if (via == store) commits.commit(cs);
            else via.commit(cs);
        } catch (RuntimeException e) {
            workers.release(ahead);
            throw e;
        }
        if (ahead > 0) workers.handOver(List.of(cs.jobs()), ahead);
        else if (via == store) workers.wakeUp();
    }

    private void accepted(TriggerRecord t) {
        if (listeners.isEmpty()) return;
        try (Mdc ignored = Mdc.put(Mdc.TRIGGER_ID, t.id())) {
            listeners.triggerAccepted(t);
        }
    }

    /** The users given inline, each once with the fields of its first occurrence (as its run sees them), then the inline actor. */
    private static List<User> inlineUsers(TriggerRequest req) {
        Map<String, User> inline = new LinkedHashMap<>();
        for (User u : req.inlineUsers()) inline.putIfAbsent(u.id(), u);
        if (req.inlineActor() != null) inline.putIfAbsent(req.inlineActor().id(), req.inlineActor());
        return List.copyOf(inline.values());
    }

    /**
     * A request checked and normalized, ready to be written. {@code where} is null for a single
     * trigger (fields named {@code trigger.*}), else the bulk entry ({@code triggers[i]}), which then
     * prefixes every field and message.
     */
    private Prepared prepare(TriggerRequest req, String where) {
        String at = where == null ? "trigger" : where;
        Workflow wf;
        if (where == null) {
            wf = workflows.apply(req.workflowKey());
        } else {
            if (req.workflowKey() == null) throw new InvalidInputException(at + ".workflow", "must not be null");
            try {
                wf = workflows.apply(req.workflowKey());
            } catch (UnknownWorkflowException e) {
                throw new UnknownWorkflowException(e.workflowKey(), where);
            }
        }
        if (!wf.isActive()) throw where == null ? new WorkflowInactiveException(wf.key()) : new WorkflowInactiveException(wf.key(), where);
        if (req.recipients().isEmpty()) throw new InvalidInputException(at + ".recipients", "must not be empty");
        if (req.recipients().size() > config.maxRecipients()) {
            throw new InvalidInputException(at + ".recipients", req.recipients().size() + " recipients, over the limit of " + config.maxRecipients()
                    + " (trigger an object to reach more)");
        }
        List<Recipient> recipients = new ArrayList<>(new LinkedHashSet<>(req.recipients()));
        if (req.actor() != null) Validate.id(at + ".actor", req.actor());
        if (req.tenant() != null) Validate.id(at + ".tenant", req.tenant());
        String idempotencyKey = key(at + ".idempotencyKey", req.idempotencyKey());
        String cancellationKey = key(at + ".cancellationKey", req.cancellationKey());
        Map<String, Object> data = Json.copyMap(at + ".data", req.data());
        Map<String, Map<String, Object>> recipientData = new LinkedHashMap<>();
        req.recipientData().forEach((k, v) -> recipientData.put(k, Json.copyMap(at + ".recipientData." + k, v)));
        long size = Json.writeBytes(data).length;
        for (Map<String, Object> d : recipientData.values()) size += Json.writeBytes(d).length;
        if (size > config.maxPayloadBytes()) throw new PayloadTooLargeException(at + ".data", size, config.maxPayloadBytes());
        String fingerprint = idempotencyKey == null ? null : fingerprint(req, data, recipientData);
        return new Prepared(req, wf.key(), recipients, data, recipientData, idempotencyKey, cancellationKey, fingerprint);
    }

    /** A validated trigger: what {@link #prepare} made of a request. */
    private record Prepared(TriggerRequest req, String workflowKey, List<Recipient> recipients, Map<String, Object> data,
                            Map<String, Map<String, Object>> recipientData, String idempotencyKey, String cancellationKey, String fingerprint) {
        /** Adds the trigger, its {@link JobKind#TRIGGER} job and its idempotency record to {@code cs}; returns the trigger. */
        TriggerRecord write(ChangeSet cs, String triggerId, Instant now, String traceContext, EngineConfig config) {
            TriggerRecord t = new TriggerRecord(triggerId, workflowKey, recipients, req.actor(), req.tenant(), data, recipientData,
                    cancellationKey, idempotencyKey, req.skipDelays(), 0, now, traceContext);
            cs.triggers().add(t);
            cs.jobs().add(Job.create(Ids.next(), JobKind.TRIGGER, triggerId, null, now, now));
            if (idempotencyKey != null) {
                cs.idempotencyRecords().add(new IdempotencyRecord(idempotencyKey, fingerprint, triggerId, now, now.plus(config.idempotencyWindow())));
            }
            return t;
        }
    }

    /**
     * Fails, naming them (and the bulk entry {@code where}, if not null), if objects among {@code
     * recipients} do not exist: a trigger for them would reach nobody. {@code known} remembers the
     * objects looked up already in this call.
     */
    private static void requireObjects(List<Recipient> recipients, Store via, String where, Map<ObjectRef, Boolean> known) {
        List<String> missing = new ArrayList<>();
        for (Recipient r : recipients) {
            if (r.isUser()) continue;
            if (!known.computeIfAbsent(r.objectRef(), o -> via.findObject(o).isPresent())) missing.add("'" + r.objectRef() + "'");
        }
        if (missing.isEmpty()) return;
        throw new NotFoundException((where == null ? "" : where + ": ") + (missing.size() == 1 ? "no object " : "no objects ")
                + String.join(", ", missing) + "; create " + (missing.size() == 1 ? "it" : "them") + " with objects().set before triggering");
    }

    private static TriggerResult replay(IdempotencyRecord existing, String fingerprint, String where) {
        if (!existing.fingerprint().equals(fingerprint)) {
            throw where == null ? new IdempotencyConflictException(existing.key()) : new IdempotencyConflictException(existing.key(), where);
        }
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
