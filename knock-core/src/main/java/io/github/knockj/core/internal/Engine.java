package io.github.knockj.core.internal;

import io.github.knockj.core.BatchStep;
import io.github.knockj.core.IdempotencyConflictException;
import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.KnockObject;
import io.github.knockj.core.Message;
import io.github.knockj.core.NotFoundException;
import io.github.knockj.core.PayloadTooLargeException;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.Subscription;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.TriggerRequest;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.UnknownWorkflowException;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowInactiveException;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.BatchClose;
import io.github.knockj.core.spi.BatchJoin;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.CommitResult;
import io.github.knockj.core.spi.IdempotencyKeyTakenException;
import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.LeaseLostException;
import io.github.knockj.core.spi.RunChanges;
import io.github.knockj.core.spi.ScheduleRecord;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow engine: accepts triggers, and executes claimed jobs (create runs, fan out, resume
 * runs, flush batches, deliver messages), each chunk of jobs committed as one change set.
 */
public final class Engine {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    /** Longest idempotency and cancellation keys. */
    public static final int MAX_KEY_LENGTH = 255;
    private static final Duration JOB_RETRY_DELAY = Duration.ofSeconds(5);

    private final Store store;
    /** Triggers beyond a few at once share transactions. */
    private final GroupCommit triggerCommits;
    private final Clock clock;
    private final EngineConfig config;
    private final Map<String, Workflow> workflows;
    private final Map<String, ChannelRegistration> channels;
    private final Listeners listeners;
    private final RunExecutor executor;
    private final Deliverer deliverer;
    private final Events events;
    private final EventSender eventSender;
    private volatile Runnable wakeUp = () -> {};
    private volatile HandOff handOff = HandOff.NONE;

    public Engine(Store store, Clock clock, EngineConfig config, Map<String, Workflow> workflows,
                  Map<String, ChannelRegistration> channels, Listeners listeners) {
        this.store = store;
        this.triggerCommits = new GroupCommit(store, GroupCommit.CONCURRENT_COMMITS);
        this.clock = clock;
        this.config = config;
        this.workflows = Map.copyOf(workflows);
        this.channels = Map.copyOf(channels);
        this.listeners = listeners;
        this.executor = new RunExecutor(store, config, this.channels, this.workflows);
        this.deliverer = new Deliverer(store, clock, this.channels, config.providerCallTimeout());
        this.events = new Events(config.eventWebhooks());
        this.eventSender = new EventSender(config.eventWebhooks(), clock);
    }

    public Store store() { return store; }
    public Clock clock() { return clock; }
    public EngineConfig config() { return config; }
    public Map<String, Workflow> workflows() { return workflows; }
    public Map<String, ChannelRegistration> channels() { return channels; }
    public Listeners listeners() { return listeners; }

    void setWakeUp(Runnable r) {
        this.wakeUp = r;
    }

    void setHandOff(HandOff h) {
        this.handOff = h;
    }

    /**
     * Leases the new jobs in {@code lists} that are due now to this node, if the workers have room for
     * all of them, so that they can be handed over once committed. Returns the room reserved: 0 if
     * nothing was leased ahead.
     */
    private int leaseAhead(List<List<Job>> lists, Instant now) {
        int due = 0;
        for (List<Job> l : lists) for (Job j : l) if (j.owner() == null && !j.dueAt().isAfter(now)) due++;
        if (due == 0 || !handOff.reserve(due)) return 0;
        Instant until = now.plus(config.leaseDuration());
        for (List<Job> l : lists) l.replaceAll(j -> j.owner() == null && !j.dueAt().isAfter(now) ? j.leasedTo(config.nodeId(), until) : j);
        return due;
    }

    /** After the commit: runs the jobs leased ahead that it wrote and gives back the room of the others. */
    private void handOver(List<List<Job>> written, int reserved) {
        if (reserved == 0) return;
        List<Job> leased = new ArrayList<>();
        for (List<Job> l : written) for (Job j : l) if (j.owner() != null) leased.add(j);
        handOff.release(reserved - leased.size());
        if (!leased.isEmpty()) handOff.run(leased);
    }

    Events events() {
        return events;
    }

    /** Stops the provider call threads. */
    public void close() {
        deliverer.close();
    }

    /** Tells the workers there is work due now. */
    public void wakeUp() {
        wakeUp.run();
    }

    // ---------------------------------------------------------------- trigger

    public TriggerResult trigger(TriggerRequest req) {
        return trigger(req, store);
    }

    /**
     * Accepts a trigger, writing it through {@code via}: the Notifier's own store, or a view of it
     * bound to the application's open transaction (then the trigger exists only if that commits, and
     * workers find it at their next poll).
     */
    public TriggerResult trigger(TriggerRequest req, Store via) {
        Workflow wf = workflow(req.workflowKey());
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
                cancellationKey, idempotencyKey, req.skipDelays(), 0, now);
        ChangeSet cs = new ChangeSet(null);
        cs.triggers().add(t);
        cs.jobs().add(Job.create(Ids.next(), JobKind.TRIGGER, triggerId, null, now, now));
        if (idempotencyKey != null) {
            cs.idempotencyRecords().add(new IdempotencyRecord(idempotencyKey, fingerprint, triggerId, now, now.plus(config.idempotencyWindow())));
        }
        int ahead = via == store ? leaseAhead(List.of(cs.jobs()), now) : 0;
        try {
            if (via == store) triggerCommits.commit(cs);
            else via.commit(cs);
        } catch (IdempotencyKeyTakenException e) {
            handOff.release(ahead);
            return replay(e.existing(), fingerprint);
        } catch (RuntimeException e) {
            handOff.release(ahead);
            throw e;
        }
        if (ahead > 0) handOver(List.of(cs.jobs()), ahead);
        else if (via == store) wakeUp();
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

    private static String key(String field, String key) {
        if (key == null) return null;
        if (key.isBlank()) throw new InvalidInputException(field, "must not be blank");
        if (key.length() > MAX_KEY_LENGTH) throw new InvalidInputException(field, "is " + key.length() + " characters, over the limit of " + MAX_KEY_LENGTH);
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

    public Workflow workflow(String key) {
        if (key == null) throw new InvalidInputException("workflow", "must not be null");
        Workflow wf = workflows.get(key);
        if (wf == null) throw new UnknownWorkflowException(key);
        return wf;
    }

    // ---------------------------------------------------------------- cancel

    public List<WorkflowRun> cancel(String workflowKey, String cancellationKey, List<Recipient> recipients) {
        workflow(workflowKey);
        key("cancellationKey", Validate.notNull("cancellationKey", cancellationKey));
        List<WorkflowRun> cancelled = store.cancelRuns(new Cancellation(workflowKey, cancellationKey, recipients, clock.instant()), clock.instant());
        List<Job> ev = new ArrayList<>();
        for (WorkflowRun r : cancelled) {
            listeners.runFinished(r);
            ev.addAll(events.runEnded(r, clock.instant()));
        }
        emit(ev);
        return cancelled;
    }

    // ---------------------------------------------------------------- job execution

    /** Executes one chunk of claimed jobs and commits the outcome. Never throws. */
    public void execute(List<Job> jobs, String owner) {
        List<Job> deliveries = new ArrayList<>();
        List<Job> outbound = new ArrayList<>();
        List<Job> others = new ArrayList<>();
        for (Job j : jobs) (j.kind() == JobKind.DELIVER ? deliveries : j.kind() == JobKind.EVENT ? outbound : others).add(j);
        if (!others.isEmpty()) executeWork(others, owner);
        if (!deliveries.isEmpty()) executeDeliveries(deliveries, owner);
        if (!outbound.isEmpty()) executeEvents(outbound, owner);
    }

    private void executeEvents(List<Job> jobs, String owner) {
        ChangeSet cs = new ChangeSet(owner);
        try {
            jobs = stillHeld(jobs, owner, "event");
            if (jobs.isEmpty()) return;
            eventSender.send(jobs, cs);
            store.commit(cs);
        } catch (LeaseLostException e) {
            log.warn("lost the lease on event jobs: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("sending {} events failed; they will be retried when their leases expire", jobs.size(), e);
        }
    }

    /** Outbound events for a change made outside a change set (engagement, cancel): best effort, logged on failure. */
    public void emit(List<Job> eventJobs) {
        if (eventJobs.isEmpty()) return;
        try {
            ChangeSet cs = new ChangeSet(null);
            cs.jobs().addAll(eventJobs);
            store.commit(cs);
            wakeUp();
        } catch (RuntimeException e) {
            log.error("could not queue {} outbound events", eventJobs.size(), e);
        }
    }

    /** Event jobs for an engagement change, if event webhooks are configured. */
    public List<Job> engagementEvents(Message m, io.github.knockj.core.Engagement e, boolean set) {
        return events.engagement(m, e, set, clock.instant());
    }

    /**
     * The jobs among {@code jobs} that are still {@code owner}'s, asked right before a call that cannot
     * be taken back (a provider call, a webhook). A lease taken less than half a lease ago is ours for
     * certain (as long as the nodes' clocks agree to within half a lease); older ones, which may have
     * lapsed while this node stalled or its heartbeat failed, are confirmed with the store, and those
     * another node has taken are left to it.
     */
    private List<Job> stillHeld(List<Job> jobs, String owner, String what) {
        Instant now = clock.instant();
        Instant safe = now.plus(config.leaseDuration().dividedBy(2));
        List<String> unsure = new ArrayList<>();
        for (Job j : jobs) if (j.leaseUntil() == null || j.leaseUntil().isBefore(safe)) unsure.add(j.id());
        if (unsure.isEmpty()) return jobs;
        Set<String> held = store.confirmLeases(owner, unsure, now.plus(config.leaseDuration()));
        if (held.size() == unsure.size()) return jobs;
        log.warn("{} of {} {} jobs are no longer leased by {}; leaving them to their new owner", unsure.size() - held.size(), jobs.size(), what, owner);
        Set<String> lost = new HashSet<>(unsure);
        lost.removeAll(held);
        return jobs.stream().filter(j -> !lost.contains(j.id())).toList();
    }

    private void executeDeliveries(List<Job> jobs, String owner) {
        ChangeSet cs = new ChangeSet(owner);
        Deliverer.Pending pending;
        try {
            jobs = stillHeld(jobs, owner, "delivery");
            if (jobs.isEmpty()) return;
            pending = deliverer.start(jobs, cs);
        } catch (RuntimeException e) {
            log.error("delivering {} messages failed; their jobs will be retried when the lease expires", jobs.size(), e);
            return;
        }
        // commit in waves: what has answered is recorded while slow calls are still out
        while (true) {
            Deliverer.Report report = deliverer.collect(pending, cs, Deliverer.WAVE);
            if (!commitDeliveries(cs, report, jobs.size())) return;
            if (pending.isDone()) return;
            cs = new ChangeSet(owner);
        }
    }

    /** Commits one wave of delivery outcomes and announces them; false if the commit failed. */
    private boolean commitDeliveries(ChangeSet cs, Deliverer.Report report, int chunkSize) {
        if (cs.completedJobs().isEmpty() && cs.rescheduledJobs().isEmpty() && cs.jobs().isEmpty() && report.changes().isEmpty()) return true;
        try {
            for (Deliverer.Change c : report.changes()) cs.jobs().addAll(events.messageStatus(c.message(), clock.instant()));
            store.commit(cs);
        } catch (LeaseLostException e) {
            log.warn("lost the lease on delivery jobs; another worker has them: {}", e.getMessage());
            return false;
        } catch (RuntimeException e) {
            log.error("recording the outcome of {} of {} deliveries failed; their jobs will be retried when the lease expires",
                    cs.completedJobs().size(), chunkSize, e);
            return false;
        }
        for (Job j : cs.jobs()) {
            if (!j.dueAt().isAfter(clock.instant())) {
                wakeUp();
                break;
            }
        }
        if (config.deregisterInvalidTokens()) {
            for (Deliverer.TokenRemoval t : report.removals()) removeTokens(t);
        }
        for (Deliverer.Change c : report.changes()) {
            if (c.message().status() == io.github.knockj.core.DeliveryStatus.UNDELIVERED) Deliverer.warnUndelivered(c.message(), c.detail());
        }
        if (!listeners.isEmpty()) {
            for (Deliverer.Change c : report.changes()) {
                try (Mdc ignored = Mdc.put(Mdc.RUN_ID, c.message().runId(), Mdc.MESSAGE_ID, c.message().id())) {
                    listeners.deliveryChanged(c.message(), c.previous());
                }
            }
        }
        return true;
    }

    private void removeTokens(Deliverer.TokenRemoval t) {
        try {
            User u = store.findUser(t.userId()).orElse(null);
            if (u == null || !(u.channelData(t.channelKey()).get("tokens") instanceof java.util.Collection<?> tokens)) return;
            List<Object> kept = new ArrayList<>(tokens);
            if (!kept.removeIf(x -> t.tokens().contains(String.valueOf(x)))) return;
            Map<String, Object> data = new LinkedHashMap<>(u.channelData(t.channelKey()));
            data.put("tokens", kept);
            store.mergeUsers(List.of(User.builder(u.id()).channelData(t.channelKey(), data).build()), clock.instant());
            log.info("removed {} invalid token(s) from user {} channel {}", tokens.size() - kept.size(), t.userId(), t.channelKey());
        } catch (RuntimeException e) {
            log.warn("could not remove invalid tokens of user {}", t.userId(), e);
        }
    }

    /**
     * One chunk of jobs being executed. What it reads is fetched in bulk: the triggers and runs its
     * jobs name, then the users they reach and those users' preference sets, so that a chunk of many
     * small triggers costs a few round trips rather than a few per trigger; tenants and actors are
     * cached. Its runs' batch steps wait here to join their batches together, in one call.
     */
    private final class Chunk {
        final Map<String, Optional<Tenant>> tenants = new HashMap<>();
        final Map<String, Optional<User>> actors = new HashMap<>();
        final Map<String, TriggerRecord> triggers = new HashMap<>();
        final Map<String, WorkflowRun> runs = new HashMap<>();
        final Map<String, User> users = new HashMap<>();
        final Set<String> usersFetched = new HashSet<>();
        /** Preference sets by set id ("default" or a tenant), then user id; with the users fetched for each. */
        final Map<String, Map<String, PreferenceSet>> preferences = new HashMap<>();
        final Map<String, Set<String>> preferencesFetched = new HashMap<>();
        /** The chunk's runs waiting at a batch step; their changes are added once they have joined. */
        final List<RunState> awaitingJoins = new ArrayList<>();

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

        private void want(Map<String, List<String>> usersBySet, Workflow wf, String tenant, String userId) {
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

    private void executeWork(List<Job> jobs, String owner) {
        ChangeSet cs = new ChangeSet(owner);
        Chunk chunk = new Chunk();
        Instant now = clock.instant();
        try {
            chunk.prefetch(jobs);
        } catch (RuntimeException e) {
            log.error("reading what {} jobs need failed; they will be retried when their leases expire", jobs.size(), e);
            return;
        }
        for (Job job : jobs) {
            ChangeSet local = new ChangeSet(owner);
            int joinsBefore = chunk.awaitingJoins.size();
            boolean ofTrigger = job.kind() == JobKind.TRIGGER || job.kind() == JobKind.FANOUT;
            try (Mdc ignored = Mdc.put(Mdc.JOB_ID, job.id(), Mdc.TRIGGER_ID, ofTrigger ? job.target() : null,
                    Mdc.RUN_ID, job.kind() == JobKind.RUN ? job.target() : null)) {
                switch (job.kind()) {
                    case TRIGGER -> startTrigger(job, local, chunk, now);
                    case FANOUT -> fanOut(job, local, chunk, now);
                    case RUN -> resume(job, local, chunk, now);
                    case FLUSH_BATCH -> flush(job, local, chunk, now);
                    case SCHEDULE -> {
                        fireSchedule(job, local, now);
                        continue; // committed on its own
                    }
                    default -> {
                        log.error("no handler for job kind {}; dropping job {}", job.kind(), job.id());
                        local.completedJobs().add(job.id());
                    }
                }
            } catch (RuntimeException e) {
                log.error("job {} ({} {}) failed; retrying in {}", job.id(), job.kind(), job.target(), JOB_RETRY_DELAY, e);
                local = new ChangeSet(owner);
                local.rescheduledJobs().add(new ChangeSet.Reschedule(job.id(), now.plus(JOB_RETRY_DELAY), job.attempts() + 1));
                chunk.awaitingJoins.subList(joinsBefore, chunk.awaitingJoins.size()).clear(); // retried with the job
            }
            merge(local, cs);
        }
        if (!chunk.awaitingJoins.isEmpty()) joinBatches(chunk.awaitingJoins, cs, now);
        List<List<Job>> created = new ArrayList<>(cs.runs().size() + 1);
        created.add(cs.jobs());
        for (RunChanges rc : cs.runs()) created.add(rc.jobs());
        int ahead = leaseAhead(created, now);
        CommitResult result;
        try {
            result = store.commit(cs);
        } catch (LeaseLostException e) {
            handOff.release(ahead);
            log.warn("lost the lease on jobs; another worker has them: {}", e.getMessage());
            return;
        } catch (RuntimeException e) {
            handOff.release(ahead);
            log.error("committing {} jobs failed; they will be retried when their leases expire", jobs.size(), e);
            return;
        }
        List<List<Job>> written = new ArrayList<>(created.size());
        written.add(cs.jobs());
        for (RunChanges rc : cs.runs()) if (!result.skippedRuns().contains(rc.run().id())) written.add(rc.jobs());
        handOver(written, ahead);
        boolean wake = false;
        for (List<Job> l : written) for (Job j : l) if (j.owner() == null && !j.dueAt().isAfter(now)) wake = true;
        if (wake) wakeUp();
        if (!listeners.isEmpty()) announce(cs, result);
    }

    private void announce(ChangeSet cs, CommitResult result) {
        for (RunChanges rc : cs.runs()) {
            if (result.skippedRuns().contains(rc.run().id())) continue;
            try (Mdc ignored = Mdc.put(Mdc.TRIGGER_ID, rc.run().triggerId(), Mdc.RUN_ID, rc.run().id())) {
                if (rc.isNew()) listeners.runStarted(rc.run());
                for (Message m : rc.messages()) {
                    try (Mdc message = Mdc.put(Mdc.MESSAGE_ID, m.id())) {
                        listeners.messageCreated(m);
                    }
                }
                if (rc.run().status().isTerminal()) listeners.runFinished(rc.run());
            }
        }
    }

    /** Adds everything {@code from} writes to {@code into}. */
    static void merge(ChangeSet from, ChangeSet into) {
        into.idempotencyRecords().addAll(from.idempotencyRecords());
        into.triggers().addAll(from.triggers());
        into.runs().addAll(from.runs());
        into.deliveries().addAll(from.deliveries());
        into.events().addAll(from.events());
        into.jobs().addAll(from.jobs());
        into.completedJobs().addAll(from.completedJobs());
        into.rescheduledJobs().addAll(from.rescheduledJobs());
    }

    private void startTrigger(Job job, ChangeSet cs, Chunk chunk, Instant now) {
        TriggerRecord t = chunk.trigger(job.target()).orElse(null);
        Workflow wf = t == null ? null : workflows.get(t.workflowKey());
        if (wf == null) {
            log.error("trigger {} names {}; nothing to run", job.target(), t == null ? "nothing (it is gone)" : "unknown workflow '" + t.workflowKey() + "'");
            cs.completedJobs().add(job.id());
            return;
        }
        List<Cancellation> cancels = cancellationsFor(t);
        createRuns(t, wf, t.recipients(), Map.of(), cancels, cs, chunk, now);
        for (Recipient r : t.recipients()) {
            if (!r.isUser()) {
                cs.jobs().add(Job.create(Ids.next(), JobKind.FANOUT, t.id(), r.key() + "\n", now, now));
            }
        }
        cs.completedJobs().add(job.id());
    }

    private List<Cancellation> cancellationsFor(TriggerRecord t) {
        if (t.cancellationKey() == null) return List.of();
        return store.findCancellations(t.workflowKey(), t.cancellationKey(), t.createdAt().minus(config.cancellationWindow()));
    }

    /** Pages a splitting fan-out job reads ahead and hands to other workers as range jobs. */
    static final int FANOUT_PAGES_PER_SPLIT = 16;

    /**
     * A FANOUT job's payload is {@code objectKey \n after} for a splitter or {@code objectKey \n after
     * \n through} for a range. A splitter reads the next {@value #FANOUT_PAGES_PER_SPLIT} pages of
     * subscribers, starts the runs of the first page itself and leaves each further page to a range job
     * (so the pages of one object fan out on all workers at once), followed by the next splitter.
     * A range job starts the runs of the subscribers after {@code after} up to and including
     * {@code through}. Run ids derive from trigger and recipient, so a page that runs twice is harmless.
     */
    private void fanOut(Job job, ChangeSet cs, Chunk chunk, Instant now) {
        TriggerRecord t = store.findTrigger(job.target()).orElse(null);
        Workflow wf = t == null ? null : workflows.get(t.workflowKey());
        cs.completedJobs().add(job.id());
        if (wf == null) return;
        String[] parts = job.payload().split("\n", -1);
        Recipient object = Recipient.fromKey(parts[0]);
        String after = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null;
        int pageSize = config.fanoutPageSize();
        if (parts.length > 2) {
            String through = parts[2];
            List<Subscription> range = new ArrayList<>(pageSize);
            while (true) {
                List<Subscription> page = store.subscribers(object.objectRef(), after, through, pageSize);
                range.addAll(page);
                if (page.size() < pageSize) break;
                after = page.get(page.size() - 1).userId(); // subscribed meanwhile: the range grew
            }
            startSubscribers(t, wf, range, cs, chunk, now);
            return;
        }
        List<Subscription> ahead = store.subscribers(object.objectRef(), after, pageSize * FANOUT_PAGES_PER_SPLIT);
        startSubscribers(t, wf, ahead.subList(0, Math.min(pageSize, ahead.size())), cs, chunk, now);
        for (int from = pageSize; from < ahead.size(); from += pageSize) {
            String rangeAfter = ahead.get(from - 1).userId();
            String through = ahead.get(Math.min(ahead.size(), from + pageSize) - 1).userId();
            cs.jobs().add(Job.create(Ids.next(), JobKind.FANOUT, t.id(), object.key() + "\n" + rangeAfter + "\n" + through, now, now));
        }
        if (ahead.size() == pageSize * FANOUT_PAGES_PER_SPLIT) {
            String last = ahead.get(ahead.size() - 1).userId();
            cs.jobs().add(Job.create(Ids.next(), JobKind.FANOUT, t.id(), object.key() + "\n" + last, now, now));
        }
    }

    private void startSubscribers(TriggerRecord t, Workflow wf, List<Subscription> page, ChangeSet cs, Chunk chunk, Instant now) {
        List<Recipient> recipients = new ArrayList<>(page.size());
        Map<String, Map<String, Object>> subscriptionProps = new HashMap<>();
        List<String> ids = new ArrayList<>(page.size());
        for (Subscription s : page) ids.add(s.userId());
        Map<String, User> known = ids.isEmpty() ? Map.of() : chunk.users(ids); // fetched once: createRuns reads them from the chunk
        for (Subscription s : page) {
            if (s.userId().equals(t.actorId())) continue;
            if (!known.containsKey(s.userId())) continue; // left by a user deleted while being subscribed: nobody to notify
            recipients.add(Recipient.user(s.userId()));
            if (!s.properties().isEmpty()) subscriptionProps.put(s.userId(), s.properties());
        }
        createRuns(t, wf, recipients, subscriptionProps, cancellationsFor(t), cs, chunk, now);
    }

    /** Creates and starts the runs of {@code recipients}, adding their changes to {@code cs}. */
    private void createRuns(TriggerRecord t, Workflow wf, List<Recipient> recipients, Map<String, Map<String, Object>> subscriptionProps,
                            List<Cancellation> cancels, ChangeSet cs, Chunk chunk, Instant now) {
        if (recipients.isEmpty()) return;
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
                    r.isUser() ? defaults.get(r.id()) : null, r.isUser() ? perTenant.get(r.id()) : null, now, store);
            Cancellation c = covering(cancels, r);
            if (c != null) {
                s.status = RunStatus.CANCELLED;
                s.log(null, RunLogEntry.Outcome.RUN_CANCELLED, "cancelled by a cancel of key " + c.cancellationKey() + " at " + c.at());
            } else {
                s.joinBatchesLater = true;
                try (Mdc ignored = Mdc.put(Mdc.RUN_ID, runId)) {
                    executor.advance(s);
                }
            }
            record(s, cs, chunk, now);
        }
    }

    /** Adds a run's changes to {@code cs}, or leaves the run to the chunk if it waits to join a batch. */
    private void record(RunState s, ChangeSet cs, Chunk chunk, Instant now) {
        if (s.awaitedJoin != null) chunk.awaitingJoins.add(s);
        else cs.runs().add(withEvents(s.toChanges(), now));
    }

    /**
     * Joins the batches the chunk's runs wait at, in one call to the store (one transaction on a
     * database, rather than one per run), then lets each run go on and adds its changes to {@code cs}.
     */
    private void joinBatches(List<RunState> awaiting, ChangeSet cs, Instant now) {
        List<BatchRequest> requests = new ArrayList<>(awaiting.size());
        for (RunState s : awaiting) requests.add(s.awaitedJoin.request());
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
            cs.runs().add(withEvents(s.toChanges(), now));
        }
    }

    private RunChanges withEvents(RunChanges rc, Instant now) {
        events.addRunEvents(rc, now);
        return rc;
    }

    private static Cancellation covering(List<Cancellation> cancels, Recipient r) {
        for (Cancellation c : cancels) if (c.covers(r)) return c;
        return null;
    }

    private RunState loadRun(WorkflowRun run, Workflow wf, Chunk chunk, Instant now) {
        Recipient r = run.recipient();
        User user = r.isUser() ? chunk.users(List.of(r.id())).get(r.id()) : null;
        KnockObject object = r.isUser() ? null : store.findObject(r.objectRef()).orElse(null);
        PreferenceSet defaults = null, perTenant = null;
        if (r.isUser() && !wf.isRequired()) {
            defaults = chunk.preferences("default", List.of(r.id())).get(r.id());
            if (run.tenant() != null) perTenant = chunk.preferences(run.tenant(), List.of(r.id())).get(r.id());
        }
        return new RunState(run, false, wf, user, object, chunk.actor(run.actorId()), chunk.tenant(run.tenant()),
                defaults, perTenant, now, store);
    }

    private void resume(Job job, ChangeSet cs, Chunk chunk, Instant now) {
        cs.completedJobs().add(job.id());
        WorkflowRun run = chunk.run(job.target()).orElse(null);
        if (run == null || run.status().isTerminal()) return;
        Workflow wf = workflows.get(run.workflowKey());
        if (wf == null) {
            failUnregistered(run, cs, now);
            return;
        }
        RunState s = loadRun(run, wf, chunk, now);
        s.joinBatchesLater = true;
        executor.advance(s);
        record(s, cs, chunk, now);
    }

    /**
     * Ends a run of a workflow this Notifier does not have (it was removed, or this instance is built
     * without it): FAILED, with the reason in its log. No retry could help, so nothing is retried.
     */
    private void failUnregistered(WorkflowRun run, ChangeSet cs, Instant now) {
        String reason = "workflow '" + run.workflowKey() + "' is not registered in this Notifier";
        log.error("run {}: {}; the run ends failed", run.id(), reason);
        RunState s = new RunState(run, false, null, null, null, null, null, null, null, now, store);
        s.status = RunStatus.FAILED;
        s.log(run.cursor(), RunLogEntry.Outcome.RUN_FAILED, reason);
        cs.runs().add(withEvents(s.toChanges(), now));
    }

    /** A batch of a workflow this Notifier does not have: its run ends failed when the batch closes. */
    private void flushUnregistered(Job job, ChangeSet cs, Instant now) {
        Optional<BatchClose> closed = store.closeBatch(job.target(), now, 1, false, 1);
        if (closed.isPresent() && !closed.get().due()) {
            cs.rescheduledJobs().add(new ChangeSet.Reschedule(job.id(), closed.get().closeAt(), job.attempts()));
            return;
        }
        cs.completedJobs().add(job.id());
        String holder = closed.map(BatchClose::holderRunId).orElse(null);
        WorkflowRun run = holder == null ? null : store.findRun(holder).orElse(null);
        if (run != null && !run.status().isTerminal()) failUnregistered(run, cs, now);
    }

    private void flush(Job job, ChangeSet cs, Chunk chunk, Instant now) {
        String[] where = job.payload() == null ? new String[0] : job.payload().split("\n", 2);
        Workflow wf = where.length == 2 ? workflows.get(where[0]) : null;
        if (wf == null && where.length == 2) {
            flushUnregistered(job, cs, now);
            return;
        }
        if (wf == null || !(wf.step(where[1]).orElse(null) instanceof BatchStep step)) {
            log.error("batch {} belongs to a step that is no longer registered ({}); it is dropped", job.target(), job.payload());
            cs.completedJobs().add(job.id());
            return;
        }
        Optional<BatchClose> closed = store.closeBatch(job.target(), now, step.renderLimit(), step.keepsLast(), step.renderLimit());
        if (closed.isEmpty()) {
            cs.completedJobs().add(job.id());
            return;
        }
        BatchClose b = closed.get();
        if (!b.due()) {
            cs.rescheduledJobs().add(new ChangeSet.Reschedule(job.id(), b.closeAt(), job.attempts()));
            return;
        }
        cs.completedJobs().add(job.id());
        if (b.holderRunId() == null) {
            log.debug("batch {} closed empty (every activity was cancelled)", job.target());
            return;
        }
        WorkflowRun run = store.findRun(b.holderRunId()).orElse(null);
        if (run == null || run.status() == RunStatus.CANCELLED || run.status() == RunStatus.COMPLETED || run.status() == RunStatus.FAILED) {
            return;
        }
        RunState s = loadRun(run, wf, chunk, now);
        if (run.status() != RunStatus.PAUSED || !job.target().equals(run.state().get("batch_id"))) {
            // the holder was cancelled and this absorbed run carries the batch now
            s.cursor = wf.refAfter(step.ref());
            s.putState("batch_id", job.target());
        }
        java.util.Set<String> actorIds = new java.util.HashSet<>(b.actorIds());
        for (var a : b.activities()) if (a.actorId() != null) actorIds.add(a.actorId());
        Map<String, User> actors = actorIds.isEmpty() ? Map.of() : store.findUsers(actorIds);
        List<Object> activities = new ArrayList<>(b.activities().size());
        Map<String, Object> merged = s.data;
        for (var a : b.activities()) {
            Map<String, Object> am = new LinkedHashMap<>();
            User actor = a.actorId() == null ? null : actors.get(a.actorId());
            am.put("actor", actor != null ? actor.toTemplateMap() : a.actorId() == null ? null : Map.of("id", a.actorId()));
            am.put("data", a.data());
            am.put("inserted_at", a.at().toString());
            activities.add(java.util.Collections.unmodifiableMap(am));
            merged = Json.shallowMerge(merged, a.data());
        }
        List<Object> actorMaps = new ArrayList<>();
        for (String id : b.actorIds()) {
            User u = actors.get(id);
            actorMaps.add(u != null ? u.toTemplateMap() : Map.of("id", id));
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("total_activities", b.totalActivities());
        vars.put("total_actors", b.totalActors());
        vars.put("activities", List.copyOf(activities));
        vars.put("actors", List.copyOf(actorMaps));
        s.putState("batch", java.util.Collections.unmodifiableMap(vars));
        s.setData(merged);
        s.log(step.ref(), RunLogEntry.Outcome.BATCH_FLUSHED, b.totalActivities() + " activities from " + b.totalActors() + " actors");
        executor.advance(s);
        cs.runs().add(withEvents(s.toChanges(), now));
    }

    /** The next occurrence of a schedule after {@code after}, in its recipient's time zone; null once past its end. */
    public Instant nextOccurrence(ScheduleRecord r, io.github.knockj.core.RepeatRule repeat, Instant after) {
        Recipient who = r.recipients().get(0);
        java.time.ZoneId zone = java.time.ZoneOffset.UTC;
        String tz = who.isUser() ? store.findUser(who.id()).flatMap(User::timezone).orElse(null) : null;
        if (tz == null && r.tenant() != null) tz = store.findTenant(r.tenant()).map(Tenant::timezone).orElse(null);
        if (tz != null) zone = java.time.ZoneId.of(tz);
        Instant next = repeat.nextAfter(after, zone, r.createdAt());
        return r.endsAt() != null && next.isAfter(r.endsAt()) ? null : next;
    }

    private void fireSchedule(Job job, ChangeSet cs, Instant now) {
        ScheduleRecord r = store.findSchedule(job.target()).orElse(null);
        cs.completedJobs().add(job.id());
        if (r == null || r.nextAt() == null || workflows.get(r.workflowKey()) == null) {
            store.commit(cs);
            return;
        }
        io.github.knockj.core.RepeatRule repeat = io.github.knockj.core.RepeatRule.fromMap(r.repeat());
        Instant fired = r.nextAt();
        String triggerId = Ids.derived(r.id(), fired.toString());
        cs.triggers().add(new TriggerRecord(triggerId, r.workflowKey(), r.recipients(), r.actorId(), r.tenant(), r.data(), Map.of(),
                null, null, false, 0, now));
        cs.jobs().add(Job.create(Ids.next(), JobKind.TRIGGER, triggerId, null, now, now));
        Instant next = nextOccurrence(r, repeat, now.isAfter(fired) ? now : fired);
        if (next != null) cs.jobs().add(Job.create(Ids.next(), JobKind.SCHEDULE, r.id(), null, next, now));
        ScheduleRecord updated = new ScheduleRecord(r.id(), r.workflowKey(), r.recipients(), r.actorId(), r.tenant(), r.data(), r.repeat(),
                r.endsAt(), next, fired, r.createdAt(), now);
        store.recordScheduleFired(updated, cs);
        wakeUp();
    }

    /** Rows purged per kind and store call; a pass repeats calls until one deletes fewer. */
    static final int PURGE_CHUNK = 1000;

    /**
     * One housekeeping pass: deletes finished runs, messages and expired records older than the
     * retention, in bounded chunks. Returns how many rows it deleted (0 when no retention is set).
     */
    public int purgeExpired() {
        if (config.retention() == null) return 0;
        Instant cutoff = clock.instant().minus(config.retention());
        int total = 0;
        for (int i = 0; i < 10_000; i++) {
            int n = store.purge(cutoff, PURGE_CHUNK);
            total += n;
            if (n < PURGE_CHUNK) break;
        }
        if (total > 0) log.info("housekeeping deleted {} rows older than {}", total, cutoff);
        return total;
    }

    /** For tests and diagnostics: whether work is pending at or before {@code now}. */
    public boolean hasDueWork(Instant now) {
        return store.nextDueAt(now).map(t -> !t.isAfter(now)).orElse(false);
    }
}
