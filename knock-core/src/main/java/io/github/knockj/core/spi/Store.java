package io.github.knockj.core.spi;

import io.github.knockj.core.Engagement;
import io.github.knockj.core.FeedPage;
import io.github.knockj.core.FeedQuery;
import io.github.knockj.core.KnockObject;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.Subscription;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import io.github.knockj.core.WorkflowRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where a Notifier keeps everything: recipients, preferences, runs, messages, jobs, batches.
 *
 * <p>The contract, pinned by the store contract test suite every implementation must pass:
 * <ul>
 *   <li>every method is atomic: it applies fully or not at all, and throws
 *       {@link io.github.knockj.core.StoreException} on failure;</li>
 *   <li>methods are safe to call from many threads, and from many processes on one database;</li>
 *   <li>returned collections are snapshots the caller may keep;</li>
 *   <li>times are stored and returned with at least millisecond precision.</li>
 * </ul>
 * The in-memory implementation is the reference; knock-jdbc provides one on PostgreSQL and H2.
 */
public interface Store extends AutoCloseable {

    // ---------------------------------------------------------------- users, objects, tenants

    /**
     * Upserts users: each is merged over the stored user with {@link User#mergedWith(User, Instant)},
     * or stored as given (with {@code createdAt = now}) when new. Returns the stored results in order.
     */
    List<User> mergeUsers(List<User> updates, Instant now);

    Optional<User> findUser(String id);

    /** The users that exist among {@code ids}, keyed by id. */
    Map<String, User> findUsers(Collection<String> ids);

    /** Deletes a user with their subscriptions and preference sets; false if there was none. */
    boolean deleteUser(String id);

    /** Upserts an object, merged over the stored one with {@link KnockObject#mergedWith}. */
    KnockObject mergeObject(KnockObject update, Instant now);

    Optional<KnockObject> findObject(ObjectRef ref);

    /** Deletes an object and its subscriptions; false if there was none. */
    boolean deleteObject(ObjectRef ref);

    /**
     * Adds or replaces subscriptions of users to one object (the object need not exist yet). The
     * Notifier checks that the users exist before it calls this; fan-out skips a subscription whose
     * user does not.
     */
    void subscribe(List<Subscription> subscriptions);

    /** Removes the given users' subscriptions to {@code ref}; returns how many existed. */
    int unsubscribe(ObjectRef ref, Collection<String> userIds);

    /**
     * One page of an object's subscribers ordered by user id: those with a user id greater than
     * {@code afterUserId} (null for the first page), at most {@code limit}.
     */
    default List<Subscription> subscribers(ObjectRef ref, String afterUserId, int limit) {
        return subscribers(ref, afterUserId, null, limit);
    }

    /**
     * One page of the subscribers in a range of user ids, in the store's own id order (the order
     * {@link #subscribers(ObjectRef, String, int)} pages in): user id greater than {@code afterUserId}
     * (null: from the first) and at most {@code throughUserId} (null: to the last), at most
     * {@code limit}. Fan-out splits an object's subscribers into such ranges for parallel workers, so
     * the bounds must be compared by the store, which alone knows its order.
     */
    List<Subscription> subscribers(ObjectRef ref, String afterUserId, String throughUserId, int limit);

    /** Every subscription of one user, ordered by object. */
    List<Subscription> subscriptionsOf(String userId);

    void putTenant(Tenant tenant);

    Optional<Tenant> findTenant(String id);

    boolean deleteTenant(String id);

    // ---------------------------------------------------------------- preferences

    /**
     * Atomically replaces the preference set {@code setId} of a user by {@code change} applied to the
     * stored set ({@link PreferenceSet#EMPTY} when none). {@code setId} is {@code "default"} or a tenant id.
     */
    PreferenceSet updatePreferences(String userId, String setId, UnaryOperator<PreferenceSet> change);

    Optional<PreferenceSet> findPreferences(String userId, String setId);

    /** The preference sets {@code setId} of the given users that exist, keyed by user id (one round trip). */
    Map<String, PreferenceSet> findPreferences(Collection<String> userIds, String setId);

    // ---------------------------------------------------------------- triggers, runs, jobs

    /** Applies a change set in one transaction; see {@link ChangeSet} and {@link RunChanges} for the rules. */
    CommitResult commit(ChangeSet changes);

    Optional<TriggerRecord> findTrigger(String id);

    /** The triggers that exist among {@code ids}, keyed by id (one round trip where the store can). */
    default Map<String, TriggerRecord> findTriggers(Collection<String> ids) {
        Map<String, TriggerRecord> out = new java.util.HashMap<>();
        for (String id : ids) findTrigger(id).ifPresent(t -> out.put(id, t));
        return out;
    }

    Optional<WorkflowRun> findRun(String id);

    /** The runs that exist among {@code ids}, keyed by id. */
    Map<String, WorkflowRun> findRuns(Collection<String> ids);

    /** Runs of a trigger ordered by run id, after {@code afterRunId} (null for the first page), at most {@code limit}. */
    List<WorkflowRun> runsOfTrigger(String triggerId, String afterRunId, int limit);

    /** A run's log in the order it was written. */
    List<RunLogEntry> runLog(String runId);

    /**
     * Claims up to {@code limit} jobs due at {@code now} (dueAt at or before now) that nobody holds or
     * whose lease has ended (leaseUntil at or before now), earliest due first, and leases them to
     * {@code owner} until {@code leaseUntil}. Concurrent claimers never receive the same job under a
     * live lease. A claim at the instant {@link #nextDueAt} reports returns the job it reported.
     */
    List<Job> claimJobs(String owner, Instant now, Instant leaseUntil, int limit);

    /** Extends the leases {@code owner} still holds among {@code jobIds}; returns how many it extended. */
    int renewLeases(String owner, Collection<String> jobIds, Instant leaseUntil);

    /**
     * Extends the leases {@code owner} still holds among {@code jobIds} and returns exactly those ids.
     * Unlike {@link #renewLeases}, which is a best-effort heartbeat, this answer must be exact: if
     * another transaction is writing one of the jobs, wait for it rather than skip the job. It is asked
     * right before an action that cannot be taken back, such as a provider call.
     */
    Set<String> confirmLeases(String owner, Collection<String> jobIds, Instant leaseUntil);

    /**
     * The earliest instant at which {@link #claimJobs} would return a job: the least of the unleased
     * jobs' due times and the leased jobs' lease ends (or due times, if later). May be at or before
     * {@code now}, when a job is claimable already. Empty if there are no jobs.
     */
    Optional<Instant> nextDueAt(Instant now);

    /** How many jobs exist (due or not, leased or not). */
    long countJobs();

    /**
     * Cancels the runs of {@code workflowKey} with {@code cancellationKey} (only those of
     * {@code recipients}, unless empty) that are active, paused, or absorbed with their activity
     * still in an open batch: sets them {@code CANCELLED} (version + 1), deletes their unleased RUN
     * jobs, removes their activities from open batches (a removed holder's batch passes to its next
     * activity's run), and records the {@link Cancellation}. A run holding a batch that has closed
     * but whose flush job has not finished is not cancelled: the digest it carries is already on its
     * way, and cancelling it would lose the other activities. Returns the cancelled runs.
     */
    List<WorkflowRun> cancelRuns(Cancellation cancellation, Instant now);

    /** Cancellations of {@code workflowKey} with {@code cancellationKey} recorded at or after {@code since}. */
    List<Cancellation> findCancellations(String workflowKey, String cancellationKey, Instant since);

    // ---------------------------------------------------------------- messages and feeds

    Optional<Message> findMessage(String id);

    /** The messages that exist among {@code ids}, keyed by id. */
    Map<String, Message> findMessages(Collection<String> ids);

    /** A message's status history, oldest first. */
    List<MessageEvent> messageEvents(String messageId);

    /** Messages of one run, oldest first. */
    List<Message> messagesOfRun(String runId);

    /**
     * One page of a feed, newest first, with counts; see {@link FeedQuery}. The page lists messages
     * with ids below {@link FeedQuery#afterMessageId()}, and its next cursor, if there are more, is
     * {@link FeedQuery#cursorAfter(String)} of its last message.
     */
    FeedPage feed(FeedQuery query);

    /**
     * Sets engagement {@code engagement} at {@code at} (or clears it when {@code at} is null) on the
     * given messages, the way {@link Message#withEngagement} does, recording one history event per
     * changed message. Returns the messages that changed, as stored after the change.
     */
    List<Message> updateEngagement(Collection<String> messageIds, Engagement engagement, Instant at, Instant now);

    /**
     * Like {@link #updateEngagement} for every message matching {@code query} (ignoring its page
     * size and cursor). Returns how many changed.
     */
    int updateEngagementWhere(FeedQuery query, Engagement engagement, Instant at, Instant now);

    // ---------------------------------------------------------------- batches and throttles

    /**
     * Adds an activity to the one open batch for the key, opening it (with its flush job) if none is
     * open, atomically: concurrent requests for one key never open two batches. Idempotent per run.
     */
    BatchJoin addToBatch(BatchRequest request);

    /**
     * Adds several activities as {@link #addToBatch} does, one after another in list order, and
     * returns their joins in that order. A store with transactions adds them all in one (a failure
     * adds none); this default adds them one by one. Like {@code addToBatch}, it is idempotent per
     * run, so requests that failed may be made again whole.
     */
    default List<BatchJoin> addToBatches(List<BatchRequest> requests) {
        List<BatchJoin> joins = new ArrayList<>(requests.size());
        for (BatchRequest r : requests) joins.add(addToBatch(r));
        return joins;
    }

    /**
     * Closes a batch if its close time has come: returns {@link BatchClose#notDue} if it closes
     * later; otherwise closes it (no further activity joins) and returns its contents, with the
     * first (or, if {@code lastActivities}, the last) {@code activityLimit} activities and up to
     * {@code actorLimit} distinct actors. Closing a closed batch returns the same contents. Empty
     * if there is no such batch.
     */
    Optional<BatchClose> closeBatch(String batchId, Instant now, int activityLimit, boolean lastActivities, int actorLimit);

    /**
     * Counts a run against a throttle: true if fewer than {@code limit} runs were counted for
     * {@code key} within {@code (now - window, now]}, in which case this run is counted too.
     * Asking again for the same run gives the same answer.
     */
    boolean acquireThrottle(String key, String runId, Instant now, Duration window, int limit);

    // ---------------------------------------------------------------- schedules

    /** Creates or replaces a schedule and its pending fire job in one step ({@code nextJob} null when none is due). */
    void putSchedule(ScheduleRecord schedule, Job nextJob);

    Optional<ScheduleRecord> findSchedule(String id);

    /** Deletes a schedule and its pending jobs; false if there was none. */
    boolean deleteSchedule(String id);

    /** Schedules ordered by id, after {@code afterId} (null for the first page), at most {@code limit}. */
    List<ScheduleRecord> schedules(String afterId, int limit);

    /**
     * Records that a schedule fired: stores the updated schedule, the trigger it created and the next
     * fire job, and completes the job that fired it, in one transaction.
     */
    void recordScheduleFired(ScheduleRecord updated, ChangeSet changes);

    // ---------------------------------------------------------------- housekeeping

    /** The unexpired idempotency record for {@code key}, if any. */
    Optional<IdempotencyRecord> findIdempotency(String key, Instant now);

    /**
     * Deletes terminal runs (with their logs), messages (with their history) and expired
     * idempotency and cancellation records older than {@code cutoff}, at most {@code limit} rows of
     * each kind per call. Returns how many rows it deleted.
     */
    int purge(Instant cutoff, int limit);

    /** Releases resources (pools, connections); the in-memory store forgets nothing on close. */
    @Override
    void close();
}
