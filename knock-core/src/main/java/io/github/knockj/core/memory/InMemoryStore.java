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
import io.github.knockj.core.spi.EngagementChange;
import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.PurgeRequest;
import io.github.knockj.core.spi.PurgeResult;
import io.github.knockj.core.spi.ScheduleRecord;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The reference {@link Store}: everything in this JVM's heap, nothing survives the process. The
 * default store, and what unit tests run on. Writes are serialised by one lock and each is applied
 * whole; reads of single records are lock-free.
 *
 * <p>This class only delegates: each role interface of the SPI is implemented by one package-private
 * class of this package ({@code MemoryRecipients}, {@code MemoryTenants}, {@code MemoryPreferences},
 * {@code MemoryTriggers}, {@code MemoryRuns}, {@code MemoryCommits}, {@code MemoryJobs},
 * {@code MemoryMessages}, {@code MemoryBatches}, {@code MemoryThrottles}, {@code MemorySchedules},
 * {@code MemoryRetention}), all sharing one {@code MemoryState}: the lock and the records a commit
 * or a cancel touches across aggregates.
 */
public final class InMemoryStore implements Store {
    private final MemoryRecipients recipients;
    private final MemoryTenants tenants;
    private final MemoryPreferences preferences;
    private final MemoryTriggers triggers;
    private final MemoryRuns runs;
    private final MemoryCommits commits;
    private final MemoryJobs jobs;
    private final MemoryMessages messages;
    private final MemoryBatches batches;
    private final MemoryThrottles throttles;
    private final MemorySchedules schedules;
    private final MemoryRetention retention;

    private InMemoryStore() {
        MemoryState state = new MemoryState();
        this.preferences = new MemoryPreferences(state);
        this.recipients = new MemoryRecipients(state, preferences);
        this.tenants = new MemoryTenants();
        this.triggers = new MemoryTriggers(state);
        this.batches = new MemoryBatches(state);
        this.runs = new MemoryRuns(state, batches);
        this.commits = new MemoryCommits(state);
        this.jobs = new MemoryJobs(state);
        this.messages = new MemoryMessages(state);
        this.throttles = new MemoryThrottles(state);
        this.schedules = new MemorySchedules(state);
        this.retention = new MemoryRetention(state, throttles);
    }

    /**
     * A new, empty store.
     *
     * @return the store
     */
    public static InMemoryStore create() {
        return new InMemoryStore();
    }

    // ---------------------------------------------------------------- RecipientStore

    @Override
    public List<User> mergeUsers(List<User> updates, Instant now) {
        return recipients.mergeUsers(updates, now);
    }

    @Override
    public Optional<User> findUser(String id) {
        return recipients.findUser(id);
    }

    @Override
    public Map<String, User> findUsers(Collection<String> ids) {
        return recipients.findUsers(ids);
    }

    @Override
    public boolean deleteUser(String id) {
        return recipients.deleteUser(id);
    }

    @Override
    public KnockObject mergeObject(KnockObject update, Instant now) {
        return recipients.mergeObject(update, now);
    }

    @Override
    public Optional<KnockObject> findObject(ObjectRef ref) {
        return recipients.findObject(ref);
    }

    @Override
    public boolean deleteObject(ObjectRef ref) {
        return recipients.deleteObject(ref);
    }

    @Override
    public void subscribe(List<Subscription> subs) {
        recipients.subscribe(subs);
    }

    @Override
    public int unsubscribe(ObjectRef ref, Collection<String> userIds) {
        return recipients.unsubscribe(ref, userIds);
    }

    @Override
    public List<Subscription> subscribers(ObjectRef ref, String afterUserId, String throughUserId, int limit) {
        return recipients.subscribers(ref, afterUserId, throughUserId, limit);
    }

    @Override
    public List<Subscription> subscriptionsOf(String userId) {
        return recipients.subscriptionsOf(userId);
    }

    // ---------------------------------------------------------------- TenantStore

    @Override
    public void putTenant(Tenant tenant) {
        tenants.putTenant(tenant);
    }

    @Override
    public Optional<Tenant> findTenant(String id) {
        return tenants.findTenant(id);
    }

    @Override
    public boolean deleteTenant(String id) {
        return tenants.deleteTenant(id);
    }

    // ---------------------------------------------------------------- PreferenceStore

    @Override
    public PreferenceSet updatePreferences(String userId, String setId, UnaryOperator<PreferenceSet> change) {
        return preferences.updatePreferences(userId, setId, change);
    }

    @Override
    public Optional<PreferenceSet> findPreferences(String userId, String setId) {
        return preferences.findPreferences(userId, setId);
    }

    @Override
    public Map<String, PreferenceSet> findPreferences(Collection<String> userIds, String setId) {
        return preferences.findPreferences(userIds, setId);
    }

    // ---------------------------------------------------------------- TriggerStore

    @Override
    public Optional<TriggerRecord> findTrigger(String id) {
        return triggers.findTrigger(id);
    }

    @Override
    public Optional<IdempotencyRecord> findIdempotency(String key, Instant now) {
        return triggers.findIdempotency(key, now);
    }

    // ---------------------------------------------------------------- ChangeSetStore

    @Override
    public CommitResult commit(ChangeSet changes) {
        return commits.commit(changes);
    }

    // ---------------------------------------------------------------- RunStore

    @Override
    public Optional<WorkflowRun> findRun(String id) {
        return runs.findRun(id);
    }

    @Override
    public Map<String, WorkflowRun> findRuns(Collection<String> ids) {
        return runs.findRuns(ids);
    }

    @Override
    public List<WorkflowRun> runsOfTrigger(String triggerId, String afterRunId, int limit) {
        return runs.runsOfTrigger(triggerId, afterRunId, limit);
    }

    /** Reads every run (this store keeps no index by status or workflow), keeping the newest {@code limit} that match. */
    @Override
    public List<WorkflowRun> listRuns(RunQuery q) {
        return runs.listRuns(q);
    }

    @Override
    public List<RunLogEntry> runLog(String runId) {
        return runs.runLog(runId);
    }

    @Override
    public List<WorkflowRun> cancelRuns(Cancellation c, Instant now) {
        return runs.cancelRuns(c, now);
    }

    @Override
    public List<Cancellation> findCancellations(String workflowKey, String cancellationKey, Instant since) {
        return runs.findCancellations(workflowKey, cancellationKey, since);
    }

    // ---------------------------------------------------------------- JobQueue

    @Override
    public List<Job> claimJobs(String owner, Instant now, Instant leaseUntil, int limit) {
        return jobs.claimJobs(owner, now, leaseUntil, limit);
    }

    @Override
    public int renewLeases(String owner, Collection<String> jobIds, Instant leaseUntil) {
        return jobs.renewLeases(owner, jobIds, leaseUntil);
    }

    @Override
    public Set<String> confirmLeases(String owner, Collection<String> jobIds, Instant leaseUntil) {
        return jobs.confirmLeases(owner, jobIds, leaseUntil);
    }

    @Override
    public Optional<Instant> nextDueAt(Instant now) {
        return jobs.nextDueAt(now);
    }

    @Override
    public long countJobs() {
        return jobs.countJobs();
    }

    // ---------------------------------------------------------------- MessageStore

    @Override
    public Optional<Message> findMessage(String id) {
        return messages.findMessage(id);
    }

    @Override
    public Map<String, Message> findMessages(Collection<String> ids) {
        return messages.findMessages(ids);
    }

    @Override
    public List<MessageEvent> messageEvents(String messageId) {
        return messages.messageEvents(messageId);
    }

    @Override
    public List<Message> messagesOfRun(String runId) {
        return messages.messagesOfRun(runId);
    }

    /** Reads every message, keeping the newest {@code limit} that match. */
    @Override
    public List<Message> listMessages(MessageQuery q) {
        return messages.listMessages(q);
    }

    @Override
    public FeedPage feed(FeedQuery q) {
        return messages.feed(q);
    }

    @Override
    public List<Message> updateEngagement(Collection<String> messageIds, EngagementChange change) {
        return messages.updateEngagement(messageIds, change);
    }

    @Override
    public int updateEngagementWhere(FeedQuery query, EngagementChange change) {
        return messages.updateEngagementWhere(query, change);
    }

    // ---------------------------------------------------------------- BatchStore

    @Override
    public BatchJoin addToBatch(BatchRequest req) {
        return batches.addToBatch(req);
    }

    @Override
    public Optional<BatchClose> closeBatch(String batchId, Instant now, int activityLimit, boolean lastActivities, int actorLimit) {
        return batches.closeBatch(batchId, now, activityLimit, lastActivities, actorLimit);
    }

    // ---------------------------------------------------------------- ThrottleStore

    @Override
    public boolean acquireThrottle(String key, String runId, Instant now, Duration window, int limit) {
        return throttles.acquireThrottle(key, runId, now, window, limit);
    }

    // ---------------------------------------------------------------- ScheduleStore

    @Override
    public void putSchedule(ScheduleRecord schedule, Job nextJob) {
        schedules.putSchedule(schedule, nextJob);
    }

    @Override
    public Optional<ScheduleRecord> findSchedule(String id) {
        return schedules.findSchedule(id);
    }

    @Override
    public boolean deleteSchedule(String id) {
        return schedules.deleteSchedule(id);
    }

    @Override
    public List<ScheduleRecord> schedules(String afterId, int limit) {
        return schedules.schedules(afterId, limit);
    }

    // ---------------------------------------------------------------- RetentionStore

    @Override
    public PurgeResult purge(PurgeRequest request) {
        return retention.purge(request);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
