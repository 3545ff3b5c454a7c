package io.github.knockj.core.memory;

import io.github.knockj.core.FeedPage;
import io.github.knockj.core.FeedQuery;
import io.github.knockj.core.KnockObject;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.MessageQuery;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunQuery;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.Subscription;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.BatchClose;
import io.github.knockj.core.spi.BatchJoin;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.CommitResult;
import io.github.knockj.core.spi.DeliveryUpdate;
import io.github.knockj.core.spi.EngagementChange;
import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.LeaseLostException;
import io.github.knockj.core.spi.PurgeRequest;
import io.github.knockj.core.spi.PurgeResult;
import io.github.knockj.core.spi.RetentionKind;
import io.github.knockj.core.spi.RunChanges;
import io.github.knockj.core.spi.ScheduleChanges;
import io.github.knockj.core.spi.ScheduleRecord;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The reference {@link Store}: everything in this JVM's heap, nothing survives the process. The
 * default store, and what unit tests run on. Writes are serialised by one lock and each is applied
 * whole; reads of single records are lock-free.
 */
public final class InMemoryStore implements Store {
    private static final Comparator<Job> BY_DUE = Comparator.comparing(Job::dueAt).thenComparing(Job::id);
    private static final Comparator<Job> BY_LEASE = Comparator.comparing(Job::leaseUntil).thenComparing(Job::id);

    private final ReentrantLock lock = new ReentrantLock();

    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<ObjectRef, KnockObject> objects = new ConcurrentHashMap<>();
    private final Map<ObjectRef, ConcurrentSkipListMap<String, Subscription>> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Map<PreferenceKey, PreferenceSet> preferences = new ConcurrentHashMap<>();

    private final Map<String, TriggerRecord> triggers = new ConcurrentHashMap<>();
    /** Runs with their logs and message ids: one entry per run (a fan-out keeps millions). */
    private final Map<String, RunEntry> runs = new ConcurrentHashMap<>();
    private final Map<String, TriggerRuns> runsByTrigger = new HashMap<>();
    private final Map<String, Set<String>> runsByCancellationKey = new HashMap<>();

    /** Messages with their status histories. */
    private final Map<String, MessageEntry> messages = new ConcurrentHashMap<>();
    /** Each user's messages on all channels, for feeds: indexed once when created, not on every status change. */
    private final Map<String, UserMessages> feeds = new HashMap<>();

    private final Map<String, Job> jobs = new HashMap<>();
    private final TreeSet<Job> unleased = new TreeSet<>(BY_DUE);
    private final TreeSet<Job> leased = new TreeSet<>(BY_LEASE);
    /** The RUN jobs of each run and the SCHEDULE jobs of each schedule: the jobs cancels and schedule changes look up. */
    private final Map<String, Set<String>> jobsByTarget = new HashMap<>();

    private final Map<String, Batch> batches = new HashMap<>();
    private final Map<String, String> openBatchByKey = new HashMap<>();
    private final Map<String, String> leadingRunBatch = new HashMap<>();
    /** The batches each run has an activity in (usually one): answers repeats and cancels without scanning every batch. */
    private final Map<String, List<String>> batchesOfRun = new HashMap<>();
    private final Map<String, Throttle> throttles = new HashMap<>();
    private final Map<String, IdempotencyRecord> idempotency = new HashMap<>();
    private final Map<String, List<Cancellation>> cancellations = new HashMap<>();
    private final NavigableMap<String, ScheduleRecord> schedules = new TreeMap<>();

    private InMemoryStore() {}

    /** A user's preference set: a key without building a string per lookup (a fan-out looks up every recipient's). */
    private record PreferenceKey(String userId, String setId) {}

    /** A run, its log and its messages' ids; the lists are guarded by the store's lock. */
    private static final class RunEntry {
        volatile WorkflowRun run;
        final List<RunLogEntry> log = new ArrayList<>(4);
        final List<String> messageIds = new ArrayList<>(2);

        RunEntry(WorkflowRun run) {
            this.run = run;
        }
    }

    /** A message and its status history; the history is guarded by the store's lock. */
    private static final class MessageEntry {
        volatile Message message;
        final List<MessageEvent> events = new ArrayList<>(3);

        MessageEntry(Message message) {
            this.message = message;
        }
    }

    /** A user's messages, sorted by id when read; guarded by the store's lock. */
    private static final class UserMessages {
        final ArrayList<MessageEntry> entries = new ArrayList<>(2);
        boolean sorted = true;

        void add(MessageEntry e) {
            if (sorted && !entries.isEmpty() && entries.get(entries.size() - 1).message.id().compareTo(e.message.id()) > 0) sorted = false;
            entries.add(e);
        }

        List<MessageEntry> sorted() {
            if (!sorted) {
                entries.sort(Comparator.comparing(e -> e.message.id()));
                sorted = true;
            }
            return entries;
        }

        /** The index of the first message whose id is not below {@code id}. */
        int indexOf(String id) {
            List<MessageEntry> l = sorted();
            int lo = 0, hi = l.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (l.get(mid).message.id().compareTo(id) < 0) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
    }

    /** The ids of a trigger's runs, sorted when read; guarded by the store's lock. */
    private static final class TriggerRuns {
        final ArrayList<String> ids = new ArrayList<>();
        boolean sorted = true;

        void add(String id) {
            if (sorted && !ids.isEmpty() && ids.get(ids.size() - 1).compareTo(id) > 0) sorted = false;
            ids.add(id);
        }

        List<String> sorted() {
            if (!sorted) {
                ids.sort(null);
                sorted = true;
            }
            return ids;
        }
    }

    private WorkflowRun run(String id) {
        RunEntry e = runs.get(id);
        return e == null ? null : e.run;
    }

    private Message message(String id) {
        MessageEntry e = messages.get(id);
        return e == null ? null : e.message;
    }

    /**
     * A new, empty store.
     *
     * @return the store
     */
    public static InMemoryStore create() {
        return new InMemoryStore();
    }

    // ---------------------------------------------------------------- users, objects, tenants

    @Override
    public List<User> mergeUsers(List<User> updates, Instant now) {
        lock.lock();
        try {
            List<User> out = new ArrayList<>(updates.size());
            for (User u : updates) {
                User existing = users.get(u.id());
                User stored = existing == null ? u.toBuilder().createdAt(now).updatedAt(now).build() : existing.mergedWith(u, now);
                users.put(stored.id(), stored);
                out.add(stored);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<User> findUser(String id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public Map<String, User> findUsers(Collection<String> ids) {
        Map<String, User> out = new HashMap<>();
        for (String id : ids) {
            User u = users.get(id);
            if (u != null) out.put(id, u);
        }
        return out;
    }

    @Override
    public boolean deleteUser(String id) {
        lock.lock();
        try {
            if (users.remove(id) == null) return false;
            subscriptions.values().forEach(m -> m.remove(id));
            preferences.keySet().removeIf(k -> k.userId().equals(id));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public KnockObject mergeObject(KnockObject update, Instant now) {
        lock.lock();
        try {
            KnockObject existing = objects.get(update.ref());
            KnockObject stored = existing == null
                    ? new KnockObject(update.ref(), update.properties(), update.channelData(), now, now)
                    : existing.mergedWith(update, now);
            objects.put(stored.ref(), stored);
            return stored;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<KnockObject> findObject(ObjectRef ref) {
        return Optional.ofNullable(objects.get(ref));
    }

    @Override
    public boolean deleteObject(ObjectRef ref) {
        lock.lock();
        try {
            subscriptions.remove(ref);
            return objects.remove(ref) != null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void subscribe(List<Subscription> subs) {
        lock.lock();
        try {
            for (Subscription s : subs) {
                subscriptions.computeIfAbsent(s.object(), k -> new ConcurrentSkipListMap<>()).put(s.userId(), s);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int unsubscribe(ObjectRef ref, Collection<String> userIds) {
        lock.lock();
        try {
            Map<String, Subscription> m = subscriptions.get(ref);
            if (m == null) return 0;
            int n = 0;
            for (String id : userIds) {
                if (m.remove(id) != null) n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Subscription> subscribers(ObjectRef ref, String afterUserId, String throughUserId, int limit) {
        ConcurrentSkipListMap<String, Subscription> m = subscriptions.get(ref);
        if (m == null) return List.of();
        NavigableMap<String, Subscription> tail = afterUserId == null ? m : m.tailMap(afterUserId, false);
        if (throughUserId != null) tail = tail.headMap(throughUserId, true);
        List<Subscription> out = new ArrayList<>(Math.min(limit, 1024));
        for (Subscription s : tail.values()) {
            if (out.size() >= limit) break;
            out.add(s);
        }
        return out;
    }

    @Override
    public List<Subscription> subscriptionsOf(String userId) {
        List<Subscription> out = new ArrayList<>();
        for (ConcurrentSkipListMap<String, Subscription> m : subscriptions.values()) {
            Subscription s = m.get(userId);
            if (s != null) out.add(s);
        }
        out.sort(Comparator.comparing((Subscription s) -> s.object().collection()).thenComparing(s -> s.object().id()));
        return out;
    }

    @Override
    public void putTenant(Tenant tenant) {
        tenants.put(tenant.id(), tenant);
    }

    @Override
    public Optional<Tenant> findTenant(String id) {
        return Optional.ofNullable(tenants.get(id));
    }

    @Override
    public boolean deleteTenant(String id) {
        return tenants.remove(id) != null;
    }

    // ---------------------------------------------------------------- preferences

    @Override
    public PreferenceSet updatePreferences(String userId, String setId, UnaryOperator<PreferenceSet> change) {
        lock.lock();
        try {
            PreferenceKey k = new PreferenceKey(userId, setId);
            PreferenceSet next = change.apply(preferences.getOrDefault(k, PreferenceSet.EMPTY));
            preferences.put(k, next);
            return next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<PreferenceSet> findPreferences(String userId, String setId) {
        return Optional.ofNullable(preferences.get(new PreferenceKey(userId, setId)));
    }

    @Override
    public Map<String, PreferenceSet> findPreferences(Collection<String> userIds, String setId) {
        Map<String, PreferenceSet> out = new HashMap<>();
        for (String id : userIds) {
            PreferenceSet p = preferences.get(new PreferenceKey(id, setId));
            if (p != null) out.put(id, p);
        }
        return out;
    }

    // ---------------------------------------------------------------- commit

    @Override
    public CommitResult commit(ChangeSet changes) {
        lock.lock();
        try {
            for (String id : changes.completedJobs()) requireLease(id, changes.owner());
            for (ChangeSet.Reschedule r : changes.rescheduledJobs()) requireLease(r.jobId(), changes.owner());
            Map<String, IdempotencyRecord> claimed = new HashMap<>();
            for (IdempotencyRecord r : changes.idempotencyRecords()) {
                IdempotencyRecord existing = claimed.putIfAbsent(r.key(), r);
                if (existing == null) existing = idempotency.get(r.key());
                if (existing != null && existing.holdsKeyAt(r.createdAt())) {
                    throw new io.github.knockj.core.spi.IdempotencyKeyTakenException(existing);
                }
            }
            for (IdempotencyRecord r : changes.idempotencyRecords()) idempotency.put(r.key(), r);

            for (TriggerRecord t : changes.triggers()) triggers.put(t.id(), t);
            Set<String> skipped = null;
            for (RunChanges rc : changes.runs()) {
                if (!applyRun(rc)) {
                    if (skipped == null) skipped = new HashSet<>();
                    skipped.add(rc.run().id());
                }
            }
            for (ScheduleChanges sc : changes.schedules()) {
                ScheduleRecord stored = schedules.get(sc.schedule().id());
                if (stored == null || !stored.updatedAt().equals(sc.expectedUpdatedAt())) continue;
                schedules.put(sc.schedule().id(), sc.schedule());
                for (TriggerRecord t : sc.triggers()) triggers.put(t.id(), t);
                for (Job j : sc.jobs()) putJob(j);
            }
            for (DeliveryUpdate d : changes.deliveries()) {
                MessageEntry e = messages.get(d.messageId());
                if (e != null) e.message = e.message.withDelivery(d.status(), d.attempts(), d.at());
            }
            for (MessageEvent e : changes.events()) addEvent(e);
            for (Job j : changes.jobs()) putJob(j);
            for (String id : changes.completedJobs()) removeJob(id);
            for (ChangeSet.Reschedule r : changes.rescheduledJobs()) {
                Job j = removeJob(r.jobId());
                putJob(j.rescheduled(r.dueAt(), r.attempts()));
            }
            return skipped == null ? CommitResult.NONE_SKIPPED : new CommitResult(skipped);
        } finally {
            lock.unlock();
        }
    }

    private void requireLease(String jobId, String owner) {
        Job j = jobs.get(jobId);
        if (j == null || j.owner() == null || !j.owner().equals(owner)) {
            throw new LeaseLostException("job " + jobId + " is no longer leased by " + owner);
        }
    }

    private boolean applyRun(RunChanges rc) {
        WorkflowRun run = rc.run();
        RunEntry entry;
        if (rc.isNew()) {
            entry = new RunEntry(run);
            if (runs.putIfAbsent(run.id(), entry) != null) return false;
            runsByTrigger.computeIfAbsent(run.triggerId(), k -> new TriggerRuns()).add(run.id());
            if (run.cancellationKey() != null) {
                runsByCancellationKey.computeIfAbsent(run.workflowKey() + "\u0000" + run.cancellationKey(), k -> new HashSet<>()).add(run.id());
            }
        } else {
            entry = runs.get(run.id());
            if (entry == null || entry.run.version() != run.version() - 1) return false;
        }
        entry.run = run;
        for (TriggerRecord t : rc.triggers()) triggers.putIfAbsent(t.id(), t);
        for (Message m : rc.messages()) {
            putMessage(m);
            entry.messageIds.add(m.id());
        }
        for (MessageEvent e : rc.events()) addEvent(e);
        for (Job j : rc.jobs()) putJob(j);
        entry.log.addAll(rc.log());
        return true;
    }

    private void putMessage(Message m) {
        MessageEntry e = new MessageEntry(m);
        MessageEntry existing = messages.putIfAbsent(m.id(), e);
        if (existing != null) {
            existing.message = m;
            return;
        }
        if (m.recipient().isUser()) feeds.computeIfAbsent(m.recipient().id(), k -> new UserMessages()).add(e);
    }

    private void addEvent(MessageEvent e) {
        MessageEntry m = messages.get(e.messageId());
        if (m != null) m.events.add(e);
    }

    private void putJob(Job j) {
        Job old = jobs.put(j.id(), j);
        if (old != null) (old.leaseUntil() == null ? unleased : leased).remove(old);
        (j.leaseUntil() == null ? unleased : leased).add(j);
        if (isIndexedByTarget(j)) jobsByTarget.computeIfAbsent(j.target(), k -> new HashSet<>(2)).add(j.id());
    }

    private Job removeJob(String id) {
        Job j = jobs.remove(id);
        if (j != null) {
            (j.leaseUntil() == null ? unleased : leased).remove(j);
            Set<String> byTarget = isIndexedByTarget(j) ? jobsByTarget.get(j.target()) : null;
            if (byTarget != null) {
                byTarget.remove(id);
                if (byTarget.isEmpty()) jobsByTarget.remove(j.target());
            }
        }
        return j;
    }

    /** Deliveries, message events and the like are never looked up by target: indexing them cost a set per message. */
    private static boolean isIndexedByTarget(Job j) {
        return j.kind() == JobKind.RUN || j.kind() == JobKind.SCHEDULE;
    }

    // ---------------------------------------------------------------- triggers, runs, jobs

    @Override
    public Optional<TriggerRecord> findTrigger(String id) {
        return Optional.ofNullable(triggers.get(id));
    }

    @Override
    public Optional<WorkflowRun> findRun(String id) {
        return Optional.ofNullable(run(id));
    }

    @Override
    public Map<String, WorkflowRun> findRuns(Collection<String> ids) {
        Map<String, WorkflowRun> out = new HashMap<>();
        for (String id : ids) {
            WorkflowRun r = run(id);
            if (r != null) out.put(id, r);
        }
        return out;
    }

    @Override
    public List<WorkflowRun> runsOfTrigger(String triggerId, String afterRunId, int limit) {
        lock.lock();
        try {
            TriggerRuns t = runsByTrigger.get(triggerId);
            if (t == null) return List.of();
            List<String> ids = t.sorted();
            int from = 0;
            if (afterRunId != null) {
                int at = java.util.Collections.binarySearch(ids, afterRunId);
                from = at >= 0 ? at + 1 : -at - 1;
            }
            List<WorkflowRun> out = new ArrayList<>(Math.min(limit, 256));
            for (int i = from; i < ids.size() && out.size() < limit; i++) {
                WorkflowRun r = run(ids.get(i));
                if (r != null) out.add(r);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Reads every run (this store keeps no index by status or workflow), keeping the newest {@code limit} that match. */
    @Override
    public List<WorkflowRun> listRuns(RunQuery q) {
        Newest<WorkflowRun> top = new Newest<>(WorkflowRun::id, q.limit());
        for (RunEntry e : runs.values()) if (q.matches(e.run)) top.add(e.run);
        return top.list();
    }

    /** Reads every message, keeping the newest {@code limit} that match. */
    @Override
    public List<Message> listMessages(MessageQuery q) {
        Newest<Message> top = new Newest<>(Message::id, q.limit());
        for (MessageEntry e : messages.values()) if (q.matches(e.message)) top.add(e.message);
        return top.list();
    }

    /** The {@code limit} items with the greatest ids of those added, in a heap of at most {@code limit + 1}. */
    private static final class Newest<T> {
        private final Comparator<T> byId;
        private final java.util.PriorityQueue<T> top;
        private final int limit;

        Newest(java.util.function.Function<T, String> id, int limit) {
            this.byId = Comparator.comparing(id);
            this.top = new java.util.PriorityQueue<>(limit + 1, byId);
            this.limit = limit;
        }

        void add(T t) {
            top.add(t);
            if (top.size() > limit) top.poll();
        }

        /** Greatest id first. */
        List<T> list() {
            List<T> out = new ArrayList<>(top);
            out.sort(byId.reversed());
            return out;
        }
    }

    @Override
    public List<RunLogEntry> runLog(String runId) {
        lock.lock();
        try {
            RunEntry e = runs.get(runId);
            return e == null ? List.of() : List.copyOf(e.log);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Job> claimJobs(String owner, Instant now, Instant leaseUntil, int limit) {
        lock.lock();
        try {
            List<Job> out = new ArrayList<>(Math.min(limit, 256));
            // expired leases first: their workers are gone
            while (out.size() < limit && !leased.isEmpty() && !leased.first().leaseUntil().isAfter(now)) {
                Job j = leased.pollFirst();
                if (j.dueAt().isAfter(now)) {
                    jobs.put(j.id(), j.rescheduled(j.dueAt(), j.attempts()));
                    unleased.add(jobs.get(j.id()));
                    continue;
                }
                Job claimed = j.leasedTo(owner, leaseUntil);
                jobs.put(j.id(), claimed);
                leased.add(claimed);
                out.add(claimed.asRecovered());
            }
            while (out.size() < limit && !unleased.isEmpty() && !unleased.first().dueAt().isAfter(now)) {
                Job j = unleased.pollFirst();
                Job claimed = j.leasedTo(owner, leaseUntil);
                jobs.put(j.id(), claimed);
                leased.add(claimed);
                out.add(claimed);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int renewLeases(String owner, Collection<String> jobIds, Instant leaseUntil) {
        return confirmLeases(owner, jobIds, leaseUntil).size();
    }

    @Override
    public Set<String> confirmLeases(String owner, Collection<String> jobIds, Instant leaseUntil) {
        lock.lock();
        try {
            Set<String> held = new HashSet<>();
            for (String id : jobIds) {
                Job j = jobs.get(id);
                if (j != null && owner.equals(j.owner())) {
                    leased.remove(j);
                    Job renewed = j.leasedTo(owner, leaseUntil);
                    jobs.put(id, renewed);
                    leased.add(renewed);
                    held.add(id);
                }
            }
            return held;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Instant> nextDueAt(Instant now) {
        lock.lock();
        try {
            Instant next = unleased.isEmpty() ? null : unleased.first().dueAt();
            // a leased job is free at its lease end, or at its due time if that is later
            for (Job l : leased) {
                if (next != null && !l.leaseUntil().isBefore(next)) break;
                Instant free = l.leaseUntil().isAfter(l.dueAt()) ? l.leaseUntil() : l.dueAt();
                if (next == null || free.isBefore(next)) next = free;
            }
            return Optional.ofNullable(next);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long countJobs() {
        lock.lock();
        try {
            return jobs.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<WorkflowRun> cancelRuns(Cancellation c, Instant now) {
        lock.lock();
        try {
            cancellations.computeIfAbsent(c.workflowKey() + "\u0000" + c.cancellationKey(), k -> new ArrayList<>()).add(c);
            Set<String> ids = runsByCancellationKey.getOrDefault(c.workflowKey() + "\u0000" + c.cancellationKey(), Set.of());
            List<WorkflowRun> cancelled = new ArrayList<>();
            for (String id : ids) {
                RunEntry entry = runs.get(id);
                WorkflowRun r = entry == null ? null : entry.run;
                if (r == null || !Cancellation.candidateStatuses().contains(r.status())) continue;
                if (!c.stops(r, inOpenBatch(id), holdsBatchBeingFlushed(id))) continue;
                WorkflowRun updated = r.withStatus(RunStatus.CANCELLED, now);
                entry.run = updated;
                cancelled.add(updated);
                for (String jobId : List.copyOf(jobsByTarget.getOrDefault(id, Set.of()))) {
                    Job j = jobs.get(jobId);
                    if (j.kind() == JobKind.RUN && j.owner() == null) removeJob(jobId);
                }
                removeFromOpenBatches(id);
                entry.log.add(c.logEntry(id, now));
            }
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the run has an activity in an open batch. */
    private boolean inOpenBatch(String runId) {
        for (String id : batchesOfRun.getOrDefault(runId, List.of())) {
            if (batches.get(id).open) return true;
        }
        return false;
    }

    /** Whether the run holds a closed batch whose flush job has not finished: the digest is on its way. */
    private boolean holdsBatchBeingFlushed(String runId) {
        for (String id : batchesOfRun.getOrDefault(runId, List.of())) {
            Batch b = batches.get(id);
            if (!b.open && runId.equals(b.holder()) && jobs.containsKey(b.flushJobId)) return true;
        }
        return false;
    }

    /** Removes the run's activities from open batches (a batch it held passes to its next activity's run). */
    private void removeFromOpenBatches(String runId) {
        List<String> ids = batchesOfRun.get(runId);
        if (ids == null) return;
        for (var it = ids.iterator(); it.hasNext(); ) {
            Batch b = batches.get(it.next());
            if (!b.open) continue;
            b.activities.removeIf(a -> a.runId().equals(runId));
            it.remove();
        }
        if (ids.isEmpty()) batchesOfRun.remove(runId);
    }

    @Override
    public List<Cancellation> findCancellations(String workflowKey, String cancellationKey, Instant since) {
        lock.lock();
        try {
            List<Cancellation> out = new ArrayList<>();
            for (Cancellation c : cancellations.getOrDefault(workflowKey + "\u0000" + cancellationKey, List.of())) {
                if (!c.at().isBefore(since)) out.add(c);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- messages and feeds

    @Override
    public Optional<Message> findMessage(String id) {
        return Optional.ofNullable(message(id));
    }

    @Override
    public Map<String, Message> findMessages(Collection<String> ids) {
        Map<String, Message> out = new HashMap<>();
        for (String id : ids) {
            Message m = message(id);
            if (m != null) out.put(id, m);
        }
        return out;
    }

    @Override
    public List<MessageEvent> messageEvents(String messageId) {
        lock.lock();
        try {
            MessageEntry e = messages.get(messageId);
            return e == null ? List.of() : List.copyOf(e.events);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Message> messagesOfRun(String runId) {
        lock.lock();
        try {
            List<Message> out = new ArrayList<>();
            RunEntry run = runs.get(runId);
            for (String id : run == null ? List.<String>of() : run.messageIds) {
                Message m = message(id);
                if (m != null) out.add(m);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public FeedPage feed(FeedQuery q) {
        lock.lock();
        try {
            UserMessages feed = feeds.get(q.userId());
            if (feed == null) return new FeedPage(List.of(), null, 0, 0, 0);
            List<MessageEntry> entries = feed.sorted();
            FeedQuery countQuery = q.withStatus(FeedQuery.StatusFilter.ALL);
            long total = 0, unread = 0, unseen = 0;
            for (MessageEntry e : entries) {
                Message m = e.message;
                if (countQuery.matches(m)) {
                    total++;
                    if (m.readAt() == null) unread++;
                    if (m.seenAt() == null) unseen++;
                }
            }
            String after = q.afterMessageId();
            int newest = after == null ? entries.size() - 1 : feed.indexOf(after) - 1;
            List<Message> items = new ArrayList<>(q.pageSize());
            boolean more = false;
            for (int i = newest; i >= 0; i--) {
                Message m = entries.get(i).message;
                if (!q.matches(m)) continue;
                if (items.size() == q.pageSize()) {
                    more = true;
                    break;
                }
                items.add(m);
            }
            return new FeedPage(items, more ? FeedQuery.cursorAfter(items.get(items.size() - 1).id()) : null, total, unread, unseen);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Message> updateEngagement(Collection<String> messageIds, EngagementChange change) {
        lock.lock();
        try {
            List<Message> changed = new ArrayList<>();
            for (String id : messageIds) {
                Message m = message(id);
                if (m != null) engage(m, change, changed);
            }
            return changed;
        } finally {
            lock.unlock();
        }
    }

    private void engage(Message m, EngagementChange change, List<Message> changed) {
        if (!change.changes(m)) return;
        Message next = change.applyTo(m);
        putMessage(next);
        addEvent(change.eventFor(m.id()));
        changed.add(next);
    }

    @Override
    public int updateEngagementWhere(FeedQuery query, EngagementChange change) {
        lock.lock();
        try {
            UserMessages feed = feeds.get(query.userId());
            if (feed == null) return 0;
            List<Message> changed = new ArrayList<>();
            for (MessageEntry e : feed.sorted()) {
                if (query.matches(e.message)) engage(e.message, change, changed);
            }
            return changed.size();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- batches, throttles, idempotency

    private static final class Batch {
        final String id;
        final String key;
        boolean open = true;
        Instant closeAt;
        final Instant maxCloseAt;
        final List<io.github.knockj.core.spi.BatchActivity> activities = new ArrayList<>();
        final String flushJobId;

        Batch(String id, String key, Instant closeAt, Instant maxCloseAt, String flushJobId) {
            this.id = id;
            this.key = key;
            this.closeAt = closeAt;
            this.maxCloseAt = maxCloseAt;
            this.flushJobId = flushJobId;
        }

        /** The run of the earliest remaining activity: the one that continues with the batch. */
        String holder() {
            return activities.isEmpty() ? null : activities.get(0).runId();
        }
    }

    @Override
    public BatchJoin addToBatch(BatchRequest req) {
        lock.lock();
        try {
            String runId = req.activity().runId();
            String leadingBatch = leadingRunBatch.get(runId);
            if (leadingBatch != null) {
                return new BatchJoin(leadingBatch, BatchJoin.Outcome.LEADING, batches.get(leadingBatch).closeAt);
            }
            // a run asking again (open batch or one that has since closed) gets the same answer
            for (String id : batchesOfRun.getOrDefault(runId, List.of())) {
                Batch joined = batches.get(id);
                if (joined.key.equals(req.key())) {
                    return new BatchJoin(joined.id, runId.equals(joined.holder()) ? BatchJoin.Outcome.HOLDER : BatchJoin.Outcome.JOINED, joined.closeAt);
                }
            }
            String openId = openBatchByKey.get(req.key());
            Batch b = openId == null ? null : batches.get(openId);
            if (b == null) {
                String id = io.github.knockj.core.spi.StoreIds.next();
                b = new Batch(id, req.key(), req.closeAt(), req.maxCloseAt(), req.flushJobId());
                batches.put(id, b);
                openBatchByKey.put(req.key(), id);
                putJob(Job.create(req.flushJobId(), JobKind.FLUSH_BATCH, id, req.flushJobPayload(), req.closeAt(), req.now()));
                if (req.flushLeading()) {
                    leadingRunBatch.put(runId, id);
                    return new BatchJoin(id, BatchJoin.Outcome.LEADING, b.closeAt);
                }
            }
            b.activities.add(req.activity());
            batchesOfRun.computeIfAbsent(runId, k -> new ArrayList<>(1)).add(b.id);
            BatchJoin.Outcome outcome = runId.equals(b.holder()) ? BatchJoin.Outcome.HOLDER : BatchJoin.Outcome.JOINED;
            BatchRequest.Window window = req.afterJoin(b.closeAt, b.maxCloseAt, b.activities.size());
            if (!window.closeAt().equals(b.closeAt)) moveClose(b, window.closeAt());
            if (window.close()) {
                b.open = false;
                openBatchByKey.remove(b.key);
            }
            return new BatchJoin(b.id, outcome, b.closeAt);
        } finally {
            lock.unlock();
        }
    }

    private void moveClose(Batch b, Instant closeAt) {
        b.closeAt = closeAt;
        Job flush = jobs.get(b.flushJobId);
        if (flush != null && flush.owner() == null) {
            removeJob(flush.id());
            putJob(new Job(flush.id(), flush.kind(), flush.target(), flush.payload(), closeAt, flush.attempts(), null, null, flush.createdAt()));
        }
    }

    @Override
    public Optional<BatchClose> closeBatch(String batchId, Instant now, int activityLimit, boolean lastActivities, int actorLimit) {
        lock.lock();
        try {
            Batch b = batches.get(batchId);
            if (b == null) return Optional.empty();
            if (b.open && b.closeAt.isAfter(now)) return Optional.of(BatchClose.notDue(b.closeAt));
            if (b.open) {
                b.open = false;
                openBatchByKey.remove(b.key, b.id);
            }
            List<io.github.knockj.core.spi.BatchActivity> all = b.activities;
            List<io.github.knockj.core.spi.BatchActivity> shown = lastActivities
                    ? List.copyOf(all.subList(Math.max(0, all.size() - activityLimit), all.size()))
                    : List.copyOf(all.subList(0, Math.min(activityLimit, all.size())));
            LinkedHashMap<String, Boolean> actors = new LinkedHashMap<>();
            for (io.github.knockj.core.spi.BatchActivity a : all) {
                if (a.actorId() != null) actors.putIfAbsent(a.actorId(), Boolean.TRUE);
            }
            List<String> actorIds = new ArrayList<>(actors.keySet());
            return Optional.of(new BatchClose(true, b.closeAt, b.holder(), all.size(), actorIds.size(), shown,
                    List.copyOf(actorIds.subList(0, Math.min(actorLimit, actorIds.size())))));
        } finally {
            lock.unlock();
        }
    }

    /** One throttle key's hits: each run's answer, and the admitted runs by the time they were counted. */
    private static final class Throttle {
        final Map<String, ThrottleHit> hits = new HashMap<>();
        final TreeMap<Instant, List<String>> admitted = new TreeMap<>();
    }

    private record ThrottleHit(Instant at, boolean admitted) {}

    @Override
    public boolean acquireThrottle(String key, String runId, Instant now, Duration window, int limit) {
        lock.lock();
        try {
            Throttle t = throttles.computeIfAbsent(key, k -> new Throttle());
            Instant cutoff = now.minus(window);
            ThrottleHit previous = t.hits.get(runId);
            // a refusal stands; an admission stands while it is inside the window
            if (previous != null && (!previous.admitted() || previous.at().isAfter(cutoff))) return previous.admitted();
            // admissions that left the window count no more
            SortedMap<Instant, List<String>> left = t.admitted.headMap(cutoff, true);
            left.values().forEach(ids -> ids.forEach(t.hits::remove));
            left.clear();
            int counted = 0;
            for (List<String> ids : t.admitted.headMap(now, true).values()) counted += ids.size();
            boolean ok = counted < limit;
            t.hits.put(runId, new ThrottleHit(now, ok));
            if (ok) t.admitted.computeIfAbsent(now, k -> new ArrayList<>(1)).add(runId);
            return ok;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<IdempotencyRecord> findIdempotency(String key, Instant now) {
        lock.lock();
        try {
            IdempotencyRecord r = idempotency.get(key);
            return r != null && r.holdsKeyAt(now) ? Optional.of(r) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- schedules

    @Override
    public void putSchedule(ScheduleRecord schedule, Job nextJob) {
        lock.lock();
        try {
            deleteJobsOf(schedule.id());
            schedules.put(schedule.id(), schedule);
            if (nextJob != null) putJob(nextJob);
        } finally {
            lock.unlock();
        }
    }

    private void deleteJobsOf(String target) {
        for (String jobId : List.copyOf(jobsByTarget.getOrDefault(target, Set.of()))) {
            Job j = jobs.get(jobId);
            if (j != null && j.owner() == null) removeJob(jobId);
        }
    }

    @Override
    public Optional<ScheduleRecord> findSchedule(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(schedules.get(id));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean deleteSchedule(String id) {
        lock.lock();
        try {
            deleteJobsOf(id);
            return schedules.remove(id) != null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ScheduleRecord> schedules(String afterId, int limit) {
        lock.lock();
        try {
            List<ScheduleRecord> out = new ArrayList<>();
            for (ScheduleRecord s : (afterId == null ? schedules : schedules.tailMap(afterId, false)).values()) {
                if (out.size() >= limit) break;
                out.add(s);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- housekeeping

    @Override
    public PurgeResult purge(PurgeRequest request) {
        lock.lock();
        try {
            Map<RetentionKind, Integer> deleted = new EnumMap<>(RetentionKind.class);
            request.kinds().forEach((kind, bound) -> deleted.put(kind, bound.limit() == 0 ? 0 : switch (kind) {
                case RUNS -> purgeRuns(bound.before(), bound.limit());
                case MESSAGES -> purgeMessages(bound.before(), bound.limit());
                case IDEMPOTENCY_RECORDS -> purgeIdempotency(bound.before(), bound.limit());
                case CANCELLATIONS -> purgeCancellations(bound.before(), bound.limit());
                case THROTTLE_REFUSALS -> purgeThrottleRefusals(bound.before(), bound.limit());
            }));
            return new PurgeResult(deleted);
        } finally {
            lock.unlock();
        }
    }

    private int purgeRuns(Instant cutoff, int limit) {
        Map<String, Set<String>> purgedByTrigger = new HashMap<>();
        int n = removeOld(runs.values().iterator(), e -> e.run.status().isTerminal() && e.run.updatedAt().isBefore(cutoff), limit,
                e -> purgedByTrigger.computeIfAbsent(e.run.triggerId(), k -> new HashSet<>()).add(e.run.id()));
        purgedByTrigger.forEach((triggerId, ids) -> {
            TriggerRuns t = runsByTrigger.get(triggerId);
            if (t != null && t.ids.removeIf(ids::contains) && t.ids.isEmpty()) runsByTrigger.remove(triggerId);
        });
        return n;
    }

    private int purgeMessages(Instant cutoff, int limit) {
        Map<String, Set<MessageEntry>> purgedByUser = new HashMap<>();
        int n = removeOld(messages.values().iterator(), e -> e.message.createdAt().isBefore(cutoff) && e.message.status().isFinal(), limit, e -> {
            if (e.message.recipient().isUser()) purgedByUser.computeIfAbsent(e.message.recipient().id(), k -> new HashSet<>()).add(e);
        });
        purgedByUser.forEach((userId, purged) -> {
            UserMessages feed = feeds.get(userId);
            if (feed != null && feed.entries.removeIf(purged::contains) && feed.entries.isEmpty()) feeds.remove(userId);
        });
        return n;
    }

    private int purgeIdempotency(Instant cutoff, int limit) {
        return removeOld(idempotency.values().iterator(), r -> r.expiresAt().isBefore(cutoff), limit, r -> { });
    }

    private int purgeCancellations(Instant cutoff, int limit) {
        int n = 0;
        for (List<Cancellation> l : cancellations.values()) {
            if (n >= limit) break;
            n += removeOld(l.iterator(), c -> c.at().isBefore(cutoff), limit - n, c -> { });
        }
        return n;
    }

    private int purgeThrottleRefusals(Instant cutoff, int limit) {
        int n = 0;
        for (var keys = throttles.values().iterator(); keys.hasNext() && n < limit; ) {
            Throttle t = keys.next();
            n += removeOld(t.hits.values().iterator(), h -> !h.admitted() && h.at().isBefore(cutoff), limit - n, h -> { });
            if (t.hits.isEmpty()) keys.remove();
        }
        return n;
    }

    /** Removes the elements that are {@code old}, at most {@code limit}, telling {@code removed} of each; returns how many. */
    private static <T> int removeOld(Iterator<T> it, Predicate<T> old, int limit, Consumer<T> removed) {
        int n = 0;
        while (n < limit && it.hasNext()) {
            T e = it.next();
            if (old.test(e)) {
                it.remove();
                removed.accept(e);
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
