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
 * <p>The contract, pinned by the suites every implementation must pass (artifact
 * {@code io.github.knockj:knock-store-tck}: {@code StoreContractTest} and the engine suites beside it):
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
     *
     * @param updates the users to merge, each carrying only the fields to set
     * @param now the time recorded as {@code updatedAt} (and {@code createdAt} for new users)
     * @return the users as stored after the merge, in the order of {@code updates}
     */
    List<User> mergeUsers(List<User> updates, Instant now);

    /**
     * Looks up one user.
     *
     * @param id the user id
     * @return the user, or empty if there is none with that id
     */
    Optional<User> findUser(String id);

    /**
     * The users that exist among {@code ids}, keyed by id.
     *
     * @param ids the user ids to look up; ids without a user are left out of the answer
     * @return the existing users keyed by id (empty if none exists)
     */
    Map<String, User> findUsers(Collection<String> ids);

    /**
     * Deletes a user with their subscriptions and preference sets.
     *
     * @param id the user id
     * @return true if the user existed, false if there was none
     */
    boolean deleteUser(String id);

    /**
     * Upserts an object, merged over the stored one with {@link KnockObject#mergedWith}.
     *
     * @param update the object, carrying only the properties to set
     * @param now the time recorded as {@code updatedAt} (and {@code createdAt} for a new object)
     * @return the object as stored after the merge
     */
    KnockObject mergeObject(KnockObject update, Instant now);

    /**
     * Looks up one object.
     *
     * @param ref the object's collection and id
     * @return the object, or empty if there is none
     */
    Optional<KnockObject> findObject(ObjectRef ref);

    /**
     * Deletes an object and its subscriptions.
     *
     * @param ref the object's collection and id
     * @return true if the object existed, false if there was none
     */
    boolean deleteObject(ObjectRef ref);

    /**
     * Adds or replaces subscriptions of users to one object (the object need not exist yet). The
     * Notifier checks that the users exist before it calls this; fan-out skips a subscription whose
     * user does not.
     *
     * @param subscriptions the subscriptions; one that exists for the same user and object is replaced
     */
    void subscribe(List<Subscription> subscriptions);

    /**
     * Removes the given users' subscriptions to {@code ref}.
     *
     * @param ref the object subscribed to
     * @param userIds the subscribers to remove; ids not subscribed are ignored
     * @return how many of the subscriptions existed (and were removed)
     */
    int unsubscribe(ObjectRef ref, Collection<String> userIds);

    /**
     * One page of an object's subscribers ordered by user id: those with a user id greater than
     * {@code afterUserId} (null for the first page), at most {@code limit}.
     *
     * @param ref the object
     * @param afterUserId the last user id of the previous page, or null for the first page
     * @param limit the largest number of subscriptions to return
     * @return the page, empty past the last subscriber
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
     *
     * @param ref the object
     * @param afterUserId the exclusive lower bound, or null to start at the first subscriber
     * @param throughUserId the inclusive upper bound, or null to run to the last subscriber
     * @param limit the largest number of subscriptions to return
     * @return the page, empty past the end of the range
     */
    List<Subscription> subscribers(ObjectRef ref, String afterUserId, String throughUserId, int limit);

    /**
     * Every subscription of one user, ordered by object.
     *
     * @param userId the subscriber
     * @return the user's subscriptions, empty if none
     */
    List<Subscription> subscriptionsOf(String userId);

    /**
     * Creates or replaces a tenant.
     *
     * @param tenant the tenant, replacing any stored one with the same id
     */
    void putTenant(Tenant tenant);

    /**
     * Looks up one tenant.
     *
     * @param id the tenant id
     * @return the tenant, or empty if there is none
     */
    Optional<Tenant> findTenant(String id);

    /**
     * Deletes a tenant.
     *
     * @param id the tenant id
     * @return true if the tenant existed, false if there was none
     */
    boolean deleteTenant(String id);

    // ---------------------------------------------------------------- preferences

    /**
     * Atomically replaces the preference set {@code setId} of a user by {@code change} applied to the
     * stored set ({@link PreferenceSet#EMPTY} when none). {@code setId} is {@code "default"} or a tenant id.
     *
     * @param userId the user whose preferences change
     * @param setId {@code "default"} or a tenant id
     * @param change computes the new set from the stored one; it may be called more than once
     *     (a store may retry on a concurrent update), so it must have no side effects
     * @return the preference set as stored after the change
     */
    PreferenceSet updatePreferences(String userId, String setId, UnaryOperator<PreferenceSet> change);

    /**
     * Looks up one preference set of a user.
     *
     * @param userId the user
     * @param setId {@code "default"} or a tenant id
     * @return the stored set, or empty if the user has none with that id
     */
    Optional<PreferenceSet> findPreferences(String userId, String setId);

    /**
     * The preference sets {@code setId} of the given users that exist, keyed by user id (one round trip).
     *
     * @param userIds the users
     * @param setId {@code "default"} or a tenant id
     * @return the stored sets keyed by user id; users without such a set are left out
     */
    Map<String, PreferenceSet> findPreferences(Collection<String> userIds, String setId);

    // ---------------------------------------------------------------- triggers, runs, jobs

    /**
     * Applies a change set in one transaction; see {@link ChangeSet} and {@link RunChanges} for the rules.
     *
     * @param changes the writes to apply together
     * @return which run updates were skipped (see {@link CommitResult})
     * @throws IdempotencyKeyTakenException if the change set claims an idempotency key that is taken
     * @throws LeaseLostException if the change set completes a job whose lease its owner no longer holds
     */
    CommitResult commit(ChangeSet changes);

    /**
     * Looks up one trigger.
     *
     * @param id the trigger id
     * @return the trigger, or empty if there is none (or it was purged)
     */
    Optional<TriggerRecord> findTrigger(String id);

    /**
     * The triggers that exist among {@code ids}, keyed by id (one round trip where the store can).
     * This default calls {@link #findTrigger} once per id.
     *
     * @param ids the trigger ids
     * @return the existing triggers keyed by id
     */
    default Map<String, TriggerRecord> findTriggers(Collection<String> ids) {
        Map<String, TriggerRecord> out = new java.util.HashMap<>();
        for (String id : ids) findTrigger(id).ifPresent(t -> out.put(id, t));
        return out;
    }

    /**
     * Looks up one run.
     *
     * @param id the run id
     * @return the run, or empty if there is none (or it was purged)
     */
    Optional<WorkflowRun> findRun(String id);

    /**
     * The runs that exist among {@code ids}, keyed by id.
     *
     * @param ids the run ids
     * @return the existing runs keyed by id
     */
    Map<String, WorkflowRun> findRuns(Collection<String> ids);

    /**
     * Runs of a trigger ordered by run id, after {@code afterRunId} (null for the first page), at most {@code limit}.
     *
     * @param triggerId the trigger
     * @param afterRunId the last run id of the previous page, or null for the first page
     * @param limit the largest number of runs to return
     * @return the page, empty past the last run
     */
    List<WorkflowRun> runsOfTrigger(String triggerId, String afterRunId, int limit);

    /**
     * A run's log in the order it was written.
     *
     * @param runId the run
     * @return the log entries, empty if the run has none or does not exist
     */
    List<RunLogEntry> runLog(String runId);

    /**
     * Claims up to {@code limit} jobs due at {@code now} (dueAt at or before now) that nobody holds or
     * whose lease has ended (leaseUntil at or before now), earliest due first, and leases them to
     * {@code owner} until {@code leaseUntil}. Concurrent claimers never receive the same job under a
     * live lease. A claim at the instant {@link #nextDueAt} reports returns the job it reported.
     *
     * @param owner the claiming worker's id
     * @param now the current time: jobs due at or before it may be claimed
     * @param leaseUntil when the leases taken expire unless renewed
     * @param limit the largest number of jobs to claim
     * @return the claimed jobs, earliest due first; empty if none is due
     */
    List<Job> claimJobs(String owner, Instant now, Instant leaseUntil, int limit);

    /**
     * Extends the leases {@code owner} still holds among {@code jobIds}.
     *
     * @param owner the worker holding the leases
     * @param jobIds the jobs to renew; those leased by another owner or gone are skipped
     * @param leaseUntil the new expiry
     * @return how many leases it extended
     */
    int renewLeases(String owner, Collection<String> jobIds, Instant leaseUntil);

    /**
     * Extends the leases {@code owner} still holds among {@code jobIds} and returns exactly those ids.
     * Unlike {@link #renewLeases}, which is a best-effort heartbeat, this answer must be exact: if
     * another transaction is writing one of the jobs, wait for it rather than skip the job. It is asked
     * right before an action that cannot be taken back, such as a provider call.
     *
     * @param owner the worker holding the leases
     * @param jobIds the jobs to confirm
     * @param leaseUntil the new expiry
     * @return the ids among {@code jobIds} whose lease {@code owner} still held and has extended
     */
    Set<String> confirmLeases(String owner, Collection<String> jobIds, Instant leaseUntil);

    /**
     * The earliest instant at which {@link #claimJobs} would return a job: the least of the unleased
     * jobs' due times and the leased jobs' lease ends (or due times, if later). May be at or before
     * {@code now}, when a job is claimable already. Empty if there are no jobs.
     *
     * @param now the current time
     * @return the earliest due time (possibly in the past), or empty if there is no such job
     */
    Optional<Instant> nextDueAt(Instant now);

    /**
     * How many jobs exist (due or not, leased or not).
     *
     * @return the number of jobs
     */
    long countJobs();

    /**
     * Cancels the runs of {@code workflowKey} with {@code cancellationKey} (only those of
     * {@code recipients}, unless empty) that are active, paused, or absorbed with their activity
     * still in an open batch: sets them {@code CANCELLED} (version + 1), deletes their unleased RUN
     * jobs, removes their activities from open batches (a removed holder's batch passes to its next
     * activity's run), and records the {@link Cancellation}. A run holding a batch that has closed
     * but whose flush job has not finished is not cancelled: the digest it carries is already on its
     * way, and cancelling it would lose the other activities. Returns the cancelled runs.
     *
     * @param cancellation what to cancel: workflow key, cancellation key and recipients
     * @param now the time of the cancellation
     * @return the runs it cancelled, as stored after the change
     */
    List<WorkflowRun> cancelRuns(Cancellation cancellation, Instant now);

    /**
     * Cancellations of {@code workflowKey} with {@code cancellationKey} recorded at or after {@code since}.
     *
     * @param workflowKey the workflow
     * @param cancellationKey the cancellation key
     * @param since the earliest recording time to include
     * @return the matching cancellations, empty if none
     */
    List<Cancellation> findCancellations(String workflowKey, String cancellationKey, Instant since);

    // ---------------------------------------------------------------- messages and feeds

    /**
     * Looks up one message.
     *
     * @param id the message id
     * @return the message, or empty if there is none (or it was purged)
     */
    Optional<Message> findMessage(String id);

    /**
     * The messages that exist among {@code ids}, keyed by id.
     *
     * @param ids the message ids
     * @return the existing messages keyed by id
     */
    Map<String, Message> findMessages(Collection<String> ids);

    /**
     * A message's status history, oldest first.
     *
     * @param messageId the message
     * @return its events, empty if it has none or does not exist
     */
    List<MessageEvent> messageEvents(String messageId);

    /**
     * Messages of one run, oldest first.
     *
     * @param runId the run
     * @return its messages, empty if none
     */
    List<Message> messagesOfRun(String runId);

    /**
     * One page of a feed, newest first, with counts; see {@link FeedQuery}. The page lists messages
     * with ids below {@link FeedQuery#afterMessageId()}, and its next cursor, if there are more, is
     * {@link FeedQuery#cursorAfter(String)} of its last message.
     *
     * @param query the recipient, channel, filters, page size and cursor
     * @return the page with its counts and the cursor of the next page
     */
    FeedPage feed(FeedQuery query);

    /**
     * Sets engagement {@code engagement} at {@code at} (or clears it when {@code at} is null) on the
     * given messages, the way {@link Message#withEngagement} does, recording one history event per
     * changed message. Returns the messages that changed, as stored after the change.
     *
     * @param messageIds the messages; unknown ids are ignored
     * @param engagement which engagement to set or clear (seen, read, archived…)
     * @param at when it happened, or null to clear it
     * @param now the time recorded on the history events
     * @return the messages that changed; those already in the requested state are left out
     */
    List<Message> updateEngagement(Collection<String> messageIds, Engagement engagement, Instant at, Instant now);

    /**
     * Like {@link #updateEngagement} for every message matching {@code query} (ignoring its page
     * size and cursor). Returns how many changed.
     *
     * @param query selects the messages; its page size and cursor are ignored
     * @param engagement which engagement to set or clear
     * @param at when it happened, or null to clear it
     * @param now the time recorded on the history events
     * @return how many messages changed
     */
    int updateEngagementWhere(FeedQuery query, Engagement engagement, Instant at, Instant now);

    // ---------------------------------------------------------------- batches and throttles

    /**
     * Adds an activity to the one open batch for the key, opening it (with its flush job) if none is
     * open, atomically: concurrent requests for one key never open two batches. Idempotent per run.
     *
     * @param request the batch key, the activity, the window and limits
     * @return which batch the activity joined and whether it opened it (see {@link BatchJoin.Outcome})
     */
    BatchJoin addToBatch(BatchRequest request);

    /**
     * Adds several activities as {@link #addToBatch} does, one after another in list order, and
     * returns their joins in that order. A store with transactions adds them all in one (a failure
     * adds none); this default adds them one by one. Like {@code addToBatch}, it is idempotent per
     * run, so requests that failed may be made again whole.
     *
     * @param requests the activities to add, in order
     * @return one join per request, in the same order
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
     *
     * @param batchId the batch
     * @param now the current time, compared with the batch's close time
     * @param activityLimit the largest number of activities to return
     * @param lastActivities true to return the last {@code activityLimit} activities, false the first
     * @param actorLimit the largest number of distinct actors to return
     * @return the batch's contents or {@link BatchClose#notDue}; empty if there is no such batch
     */
    Optional<BatchClose> closeBatch(String batchId, Instant now, int activityLimit, boolean lastActivities, int actorLimit);

    /**
     * Counts a run against a throttle: true if fewer than {@code limit} runs were counted for
     * {@code key} within {@code (now - window, now]}, in which case this run is counted too.
     * Asking again for the same run gives the same answer.
     *
     * @param key the throttle key, as the engine computed it for the run
     * @param runId the run asking; counted at most once
     * @param now the current time
     * @param window the length of the sliding window
     * @param limit how many runs the window admits
     * @return true if the run is admitted (and counted), false if the throttle is full
     */
    boolean acquireThrottle(String key, String runId, Instant now, Duration window, int limit);

    // ---------------------------------------------------------------- schedules

    /**
     * Creates or replaces a schedule and its pending fire job in one step ({@code nextJob} null when none is due).
     *
     * @param schedule the schedule, replacing any stored one with the same id
     * @param nextJob the job that fires it next, or null if it will not fire again
     */
    void putSchedule(ScheduleRecord schedule, Job nextJob);

    /**
     * Looks up one schedule.
     *
     * @param id the schedule id
     * @return the schedule, or empty if there is none
     */
    Optional<ScheduleRecord> findSchedule(String id);

    /**
     * Deletes a schedule and its pending jobs.
     *
     * @param id the schedule id
     * @return true if the schedule existed, false if there was none
     */
    boolean deleteSchedule(String id);

    /**
     * Schedules ordered by id, after {@code afterId} (null for the first page), at most {@code limit}.
     *
     * @param afterId the last schedule id of the previous page, or null for the first page
     * @param limit the largest number of schedules to return
     * @return the page, empty past the last schedule
     */
    List<ScheduleRecord> schedules(String afterId, int limit);

    /**
     * Records that a schedule fired: stores the updated schedule, the trigger it created and the next
     * fire job, and completes the job that fired it, in one transaction.
     *
     * @param updated the schedule with its new next fire time
     * @param changes the trigger, runs and jobs created by the firing, and the job it completes
     */
    void recordScheduleFired(ScheduleRecord updated, ChangeSet changes);

    // ---------------------------------------------------------------- housekeeping

    /**
     * The unexpired idempotency record for {@code key}, if any.
     *
     * @param key the idempotency key
     * @param now the current time; a record that expired at or before it is not returned
     * @return the record, or empty if there is none or it has expired
     */
    Optional<IdempotencyRecord> findIdempotency(String key, Instant now);

    /**
     * Deletes terminal runs (with their logs), messages (with their history) and expired
     * idempotency and cancellation records older than {@code cutoff}, at most {@code limit} rows of
     * each kind per call. Returns how many rows it deleted.
     *
     * @param cutoff rows older than this are deleted
     * @param limit the largest number of rows of each kind to delete in this call
     * @return how many rows it deleted (call again while it returns more than zero)
     */
    int purge(Instant cutoff, int limit);

    /** Releases resources (pools, connections); the in-memory store forgets nothing on close. */
    @Override
    void close();
}
