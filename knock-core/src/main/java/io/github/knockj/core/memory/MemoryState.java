package io.github.knockj.core.memory;

import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.ScheduleRecord;
import io.github.knockj.core.spi.TriggerRecord;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state {@link InMemoryStore}'s role classes share: the one lock, and every record and index that
 * a commit, a cancel, a batch join or a purge touches across aggregates (triggers, idempotency
 * records, runs, messages and feeds, jobs and their indexes, batches, cancellations, schedules).
 *
 * <p>Invariants: every write takes {@link #lock}, so a write across aggregates (a commit, a cancel)
 * is applied whole and seen whole by every other writer; reads of single runs, messages and triggers
 * are lock-free (concurrent maps, volatile entries). The job indexes ({@link #unleased},
 * {@link #leased}, {@link #jobsByTarget}) and the feed index always agree with {@link #jobs} and
 * {@link #messages}: change those only through {@link #putJob}, {@link #removeJob} and
 * {@link #putMessage}, with the lock held.
 */
final class MemoryState {
    private static final Comparator<Job> BY_DUE = Comparator.comparing(Job::dueAt).thenComparing(Job::id);
    private static final Comparator<Job> BY_LEASE = Comparator.comparing(Job::leaseUntil).thenComparing(Job::id);

    /** Serialises every write; held by each role class for each of its writes and locked reads. */
    final ReentrantLock lock = new ReentrantLock();

    final Map<String, TriggerRecord> triggers = new ConcurrentHashMap<>();
    final Map<String, IdempotencyRecord> idempotency = new HashMap<>();

    /** Runs with their logs and message ids: one entry per run (a fan-out keeps millions). */
    final Map<String, RunEntry> runs = new ConcurrentHashMap<>();
    final Map<String, TriggerRuns> runsByTrigger = new HashMap<>();
    /** Run ids by {@link #cancellationKey}. */
    final Map<String, Set<String>> runsByCancellationKey = new HashMap<>();
    /** The cancellations recorded, by {@link #cancellationKey}. */
    final Map<String, List<Cancellation>> cancellations = new HashMap<>();

    /** Messages with their status histories. */
    final Map<String, MessageEntry> messages = new ConcurrentHashMap<>();
    /** Each user's messages on all channels, for feeds: indexed once when created, not on every status change. */
    final Map<String, UserMessages> feeds = new HashMap<>();

    final Map<String, Job> jobs = new HashMap<>();
    /** Jobs without a lease, by due time. */
    final TreeSet<Job> unleased = new TreeSet<>(BY_DUE);
    /** Jobs with a lease, by lease end. */
    final TreeSet<Job> leased = new TreeSet<>(BY_LEASE);
    /** The RUN jobs of each run and the SCHEDULE jobs of each schedule: the jobs cancels and schedule changes look up. */
    final Map<String, Set<String>> jobsByTarget = new HashMap<>();

    final Map<String, BatchEntry> batches = new HashMap<>();
    final Map<String, String> openBatchByKey = new HashMap<>();
    /** The batch a flush-leading run opened (it has no activity there). */
    final Map<String, String> leadingRunBatch = new HashMap<>();
    /** The batches each run has an activity in (usually one): answers repeats and cancels without scanning every batch. */
    final Map<String, List<String>> batchesOfRun = new HashMap<>();

    final NavigableMap<String, ScheduleRecord> schedules = new TreeMap<>();

    /** The key runs and cancellations are indexed by: a workflow and a cancellation key. */
    static String cancellationKey(String workflowKey, String cancellationKey) {
        return workflowKey + "\u0000" + cancellationKey;
    }

    WorkflowRun run(String id) {
        RunEntry e = runs.get(id);
        return e == null ? null : e.run;
    }

    Message message(String id) {
        MessageEntry e = messages.get(id);
        return e == null ? null : e.message;
    }

    /** Stores a new message (indexed in its user's feed) or replaces a stored one's value. Lock held. */
    void putMessage(Message m) {
        MessageEntry e = new MessageEntry(m);
        MessageEntry existing = messages.putIfAbsent(m.id(), e);
        if (existing != null) {
            existing.message = m;
            return;
        }
        if (m.recipient().isUser()) feeds.computeIfAbsent(m.recipient().id(), k -> new UserMessages()).add(e);
    }

    /** Appends an event to its message's history (none if the message is gone). Lock held. */
    void addEvent(MessageEvent e) {
        MessageEntry m = messages.get(e.messageId());
        if (m != null) m.addEvent(e);
    }

    /** Stores or replaces a job, keeping the indexes in step. Lock held. */
    void putJob(Job j) {
        Job old = jobs.put(j.id(), j);
        if (old != null) (old.leaseUntil() == null ? unleased : leased).remove(old);
        (j.leaseUntil() == null ? unleased : leased).add(j);
        if (isIndexedByTarget(j)) jobsByTarget.computeIfAbsent(j.target(), k -> new HashSet<>(2)).add(j.id());
    }

    /** Removes a job and its index entries; returns it, or null if there was none. Lock held. */
    Job removeJob(String id) {
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

    /** The ids of the RUN or SCHEDULE jobs of a run or schedule, copied (so that the caller may remove them). Lock held. */
    List<String> jobIdsOf(String target) {
        return List.copyOf(jobsByTarget.getOrDefault(target, Set.of()));
    }

    /** Deliveries, message events and the like are never looked up by target: indexing them cost a set per message. */
    private static boolean isIndexedByTarget(Job j) {
        return j.kind() == JobKind.RUN || j.kind() == JobKind.SCHEDULE;
    }
}
