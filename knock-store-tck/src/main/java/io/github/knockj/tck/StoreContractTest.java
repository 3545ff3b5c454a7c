package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
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
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.Subscription;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.BatchActivity;
import io.github.knockj.core.spi.BatchClose;
import io.github.knockj.core.spi.BatchJoin;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.CommitResult;
import io.github.knockj.core.spi.DeliveryUpdate;
import io.github.knockj.core.spi.IdempotencyKeyTakenException;
import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.LeaseLostException;
import io.github.knockj.core.spi.RunChanges;
import io.github.knockj.core.spi.ScheduleRecord;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract, method by method, without an engine: users, objects, subscriptions,
 * tenants and preferences; atomic commits of triggers, runs, messages, events and logs with
 * versioned run updates; delivery updates; job claims under leases (renewal, expiry, concurrent
 * claimers); idempotency keys; cancellation; feed paging, filters and engagement; batches (joins,
 * closes, sliding windows, flush leading, concurrent requests); throttles; schedules; and purging.
 * The in-memory store is the reference. Times are whole milliseconds so that stores keeping
 * millisecond precision compare equal.
 *
 * <p>A store certifies by extending this class and implementing {@link #newStore()}, and by
 * extending each engine suite of this package the same way (see the package description).
 *
 * <p>Roles certified (the suites are not split by role yet): every role of {@link Store}, method by
 * method: {@link io.github.knockj.core.spi.RecipientStore RecipientStore},
 * {@link io.github.knockj.core.spi.TenantStore TenantStore},
 * {@link io.github.knockj.core.spi.PreferenceStore PreferenceStore},
 * {@link io.github.knockj.core.spi.TriggerStore TriggerStore},
 * {@link io.github.knockj.core.spi.RunStore RunStore},
 * {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore},
 * {@link io.github.knockj.core.spi.JobQueue JobQueue},
 * {@link io.github.knockj.core.spi.MessageStore MessageStore},
 * {@link io.github.knockj.core.spi.BatchStore BatchStore},
 * {@link io.github.knockj.core.spi.ThrottleStore ThrottleStore},
 * {@link io.github.knockj.core.spi.ScheduleStore ScheduleStore},
 * {@link io.github.knockj.core.spi.RetentionStore RetentionStore}. It is the only suite that calls
 * the store directly; the engine suites certify the roles again through a Notifier.
 */
public abstract class StoreContractTest {
    /** The time the tests write at: Monday 2026-01-05 09:00 UTC. */
    protected static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    /** This test's store, from {@link #newStore()}; closed after the test. */
    protected Store store;
    private static final AtomicLong IDS = new AtomicLong();

    /** For a store's test class, which implements {@link #newStore()}. */
    protected StoreContractTest() {}

    /**
     * The store under test, new and empty; called once before each test and closed after it.
     *
     * @return a new, empty store
     */
    protected abstract Store newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A run of workflow {@code wf} created at {@link #T0}, at step {@code step}.
     *
     * @param id the run id
     * @param triggerId its trigger
     * @param recipient the id of the user it is for
     * @param status its status
     * @param version its version
     * @return the run
     */
    protected static WorkflowRun run(String id, String triggerId, String recipient, RunStatus status, long version) {
        return new WorkflowRun(id, triggerId, "wf", Recipient.user(recipient), "actor", null, Map.of("k", "v"), "ck", status,
                "step", Map.of("messages", Map.of()), 0, false, T0, T0, version);
    }

    /**
     * A delivered in-app message in category {@code cat-<workflow>}.
     *
     * @param id the message id
     * @param runId its run
     * @param userId the id of the user it is for
     * @param channel its channel
     * @param tenant its tenant, or null
     * @param workflow its workflow
     * @param at when it was created
     * @return the message
     */
    protected static Message message(String id, String runId, String userId, String channel, String tenant, String workflow, Instant at) {
        return new Message(id, runId, workflow, "step", channel, ChannelType.IN_APP_FEED, Recipient.user(userId), tenant, "actor",
                List.of("cat-" + workflow), Map.of("body", "hello " + id), Map.of("n", 1), DeliveryStatus.DELIVERED, 0,
                null, null, null, null, null, at, at);
    }

    /**
     * A trigger of workflow {@code wf} for a user and an object, with data, a tenant and keys.
     *
     * @param id the trigger id
     * @return the trigger
     */
    protected static TriggerRecord trigger(String id) {
        return new TriggerRecord(id, "wf", List.of(Recipient.user("u1"), Recipient.object(ObjectRef.of("projects", "p1"))), "actor",
                "acme", Map.of("post", Map.of("title", "Hi")), Map.of("u1", Map.of("x", 1)), "ck", "idem", false, 0, T0);
    }

    /**
     * A job created at {@link #T0} with payload {@code payload}.
     *
     * @param id the job id
     * @param kind its kind
     * @param target what it works on
     * @param due when it is due
     * @return the job
     */
    protected static Job job(String id, JobKind kind, String target, Instant due) {
        return Job.create(id, kind, target, "payload", due, T0);
    }

    /**
     * Commits one run with its messages.
     *
     * @param run the run
     * @param isNew whether the run is inserted (else updated on its version)
     * @param messages messages of the run to insert
     * @return the store's result
     */
    protected CommitResult commitRun(WorkflowRun run, boolean isNew, Message... messages) {
        ChangeSet cs = new ChangeSet(null);
        RunChanges rc = new RunChanges(run, isNew);
        rc.messages().addAll(List.of(messages));
        cs.runs().add(rc);
        return store.commit(cs);
    }

    /**
     * Commits these jobs.
     *
     * @param jobs the jobs to insert
     */
    protected void insertJobs(Job... jobs) {
        ChangeSet cs = new ChangeSet(null);
        cs.jobs().addAll(List.of(jobs));
        store.commit(cs);
    }

    /**
     * A new id, unique in this JVM and greater (as a string) than every id made before it, as the
     * engine's ids are: feeds list newest first by message id.
     */
    private static String nextId() {
        return String.format("%026d", IDS.incrementAndGet());
    }

    // ---------------------------------------------------------------- users, objects, tenants, preferences

    @Test
    void usersAreUpsertedWithDeepMergedProperties() {
        User ada = User.builder("ada").name("Ada").email("ada@example.com").timezone("Europe/Berlin")
                .properties(Map.of("plan", "pro", "prefs", Map.of("a", 1, "b", 2))).channelData("push", Map.of("tokens", List.of("t1"))).build();
        List<User> stored = store.mergeUsers(List.of(ada), T0);
        assertThat(stored.get(0).createdAt()).isEqualTo(T0);

        Map<String, Object> update = new LinkedHashMap<>();
        update.put("plan", null);
        update.put("prefs", Map.of("b", 3));
        store.mergeUsers(List.of(User.builder("ada").phoneNumber("+4915112345678").properties(update).build()), T0.plusSeconds(5));

        User back = store.findUser("ada").orElseThrow();
        assertThat(back.name()).hasValue("Ada");
        assertThat(back.email()).hasValue("ada@example.com");
        assertThat(back.phoneNumber()).hasValue("+4915112345678");
        assertThat(back.timezone()).hasValue("Europe/Berlin");
        assertThat(back.properties()).isEqualTo(Map.of("prefs", Map.of("a", 1, "b", 3)));
        assertThat(back.channelData("push")).isEqualTo(Map.of("tokens", List.of("t1")));
        assertThat(back.createdAt()).isEqualTo(T0);
        assertThat(back.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(store.findUsers(List.of("ada", "nobody")).keySet()).containsExactly("ada");
    }

    @Test
    void deletingAUserRemovesSubscriptionsAndPreferences() {
        store.mergeUsers(List.of(User.builder("ada").build(), User.builder("bob").build()), T0);
        ObjectRef p = ObjectRef.of("projects", "p1");
        store.subscribe(List.of(new Subscription(p, "ada", Map.of(), T0), new Subscription(p, "bob", Map.of(), T0)));
        store.updatePreferences("ada", "default", old -> PreferenceSet.builder().channelType(ChannelType.EMAIL, false).build());
        assertThat(store.deleteUser("ada")).isTrue();
        assertThat(store.deleteUser("ada")).isFalse();
        assertThat(store.findUser("ada")).isEmpty();
        assertThat(store.subscribers(p, null, 10)).extracting(Subscription::userId).containsExactly("bob");
        assertThat(store.findPreferences("ada", "default")).isEmpty();
    }

    @Test
    void objectsMergeAndSubscribersPageInUserIdOrder() {
        ObjectRef p = ObjectRef.of("projects", "p1");
        store.mergeObject(KnockObject.of(p, Map.of("name", "Apollo", "meta", Map.of("x", 1))), T0);
        store.mergeObject(new KnockObject(p, Map.of("meta", Map.of("y", 2)), Map.of("chat", Map.of("url", "http://hook")), null, null), T0.plusSeconds(1));
        KnockObject o = store.findObject(p).orElseThrow();
        assertThat(o.properties()).isEqualTo(Map.of("name", "Apollo", "meta", Map.of("x", 1, "y", 2)));
        assertThat(o.channelData()).isEqualTo(Map.of("chat", Map.of("url", "http://hook")));

        List<Subscription> subs = new ArrayList<>();
        for (int i = 9; i >= 0; i--) subs.add(new Subscription(p, "u" + i, i == 3 ? Map.of("role", "owner") : Map.of(), T0));
        store.subscribe(subs);
        store.subscribe(List.of(new Subscription(p, "u5", Map.of(), T0))); // again: no duplicate
        assertThat(store.subscribers(p, null, 4)).extracting(Subscription::userId).containsExactly("u0", "u1", "u2", "u3");
        assertThat(store.subscribers(p, "u3", 4)).extracting(Subscription::userId).containsExactly("u4", "u5", "u6", "u7");
        assertThat(store.subscribers(p, "u7", 4)).extracting(Subscription::userId).containsExactly("u8", "u9");
        assertThat(store.subscribers(p, "u2", "u5", 10)).extracting(Subscription::userId).containsExactly("u3", "u4", "u5");
        assertThat(store.subscribers(p, null, "u1", 10)).extracting(Subscription::userId).containsExactly("u0", "u1");
        assertThat(store.subscribers(p, "u2", "u9", 2)).extracting(Subscription::userId).containsExactly("u3", "u4");
        assertThat(store.subscribers(p, "u5", "u5", 10)).isEmpty();
        assertThat(store.subscribers(p, null, 10).get(3).properties()).isEqualTo(Map.of("role", "owner"));
        assertThat(store.subscriptionsOf("u3")).extracting(Subscription::object).containsExactly(p);
        assertThat(store.unsubscribe(p, List.of("u1", "u2", "nobody"))).isEqualTo(2);
        assertThat(store.subscribers(p, null, 100)).hasSize(8);
        assertThat(store.deleteObject(p)).isTrue();
        assertThat(store.subscribers(p, null, 100)).isEmpty();
        assertThat(store.findObject(p)).isEmpty();
    }

    @Test
    void tenantsArePutFoundAndDeleted() {
        Tenant acme = Tenant.of("acme").withName("Acme").withTimezone("America/New_York").withProperties(Map.of("brand", Map.of("color", "red")))
                .withDefaultPreferences(PreferenceSet.builder().category("marketing", false).build());
        store.putTenant(acme);
        assertThat(store.findTenant("acme")).hasValue(acme);
        assertThat(store.deleteTenant("acme")).isTrue();
        assertThat(store.findTenant("acme")).isEmpty();
    }

    @Test
    void preferencesAreReplacedAtomicallyAndFoundInBulk() {
        PreferenceSet p1 = PreferenceSet.builder().channelType(ChannelType.SMS, false).category("marketing", false).build();
        store.updatePreferences("ada", "default", old -> {
            assertThat(old).isEqualTo(PreferenceSet.EMPTY);
            return p1;
        });
        store.updatePreferences("ada", "acme", old -> PreferenceSet.builder().channel("email", false).build());
        store.updatePreferences("bob", "default", old -> PreferenceSet.builder().workflow("digest", false).build());
        PreferenceSet merged = store.updatePreferences("ada", "default", old -> PreferenceSet.builder().channel("push", false).build().over(old));
        assertThat(store.findPreferences("ada", "default")).hasValue(merged);
        assertThat(merged.channelTypes()).containsEntry(ChannelType.SMS, false);
        assertThat(merged.channels()).containsEntry("push", false);
        assertThat(store.findPreferences(List.of("ada", "bob", "cy"), "default").keySet()).containsExactlyInAnyOrder("ada", "bob");
        assertThat(store.findPreferences(List.of("ada", "bob"), "acme").keySet()).containsExactly("ada");
    }

    // ---------------------------------------------------------------- commit and runs

    @Test
    void commitStoresTriggersRunsMessagesEventsAndLogs() {
        TriggerRecord t = trigger("T1");
        WorkflowRun r = run("R1", "T1", "u1", RunStatus.ACTIVE, 1);
        Message m = message("M1", "R1", "u1", "in-app", null, "wf", T0);
        ChangeSet cs = new ChangeSet(null);
        cs.triggers().add(t);
        RunChanges rc = new RunChanges(r, true);
        rc.messages().add(m);
        rc.events().add(new MessageEvent("M1", T0, "delivered", "stored"));
        rc.log().add(new RunLogEntry("R1", T0, "step", RunLogEntry.Outcome.MESSAGE_QUEUED, "first"));
        rc.log().add(new RunLogEntry("R1", T0, null, RunLogEntry.Outcome.RUN_COMPLETED, null));
        rc.jobs().add(job("J1", JobKind.DELIVER, "M1", T0));
        cs.runs().add(rc);
        assertThat(store.commit(cs).skippedRuns()).isEmpty();

        assertThat(store.findTrigger("T1")).hasValue(t);
        assertThat(store.findTriggers(List.of("T1", "nope"))).isEqualTo(Map.of("T1", t));
        assertThat(store.findRun("R1")).hasValue(r);
        assertThat(store.findMessage("M1")).hasValue(m);
        assertThat(store.messagesOfRun("R1")).containsExactly(m);
        assertThat(store.messageEvents("M1")).containsExactly(new MessageEvent("M1", T0, "delivered", "stored"));
        assertThat(store.runLog("R1")).extracting(RunLogEntry::outcome).containsExactly(RunLogEntry.Outcome.MESSAGE_QUEUED, RunLogEntry.Outcome.RUN_COMPLETED);
        assertThat(store.runLog("R1").get(0).detail()).isEqualTo("first");
        assertThat(store.countJobs()).isEqualTo(1);
    }

    @Test
    void newRunWithExistingIdIsSkippedWithEverythingItCarries() {
        commitRun(run("R1", "T1", "u1", RunStatus.COMPLETED, 1), true);
        CommitResult again = commitRun(run("R1", "T1", "u1", RunStatus.ACTIVE, 1), true, message("M2", "R1", "u1", "in-app", null, "wf", T0));
        assertThat(again.skippedRuns()).containsExactly("R1");
        assertThat(store.findRun("R1").orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(store.findMessage("M2")).isEmpty();
    }

    @Test
    void runUpdateAppliesOnlyOnTheExpectedVersion() {
        WorkflowRun v1 = run("R1", "T1", "u1", RunStatus.PAUSED, 1);
        commitRun(v1, true);
        WorkflowRun v2 = v1.withStatus(RunStatus.ACTIVE, T0.plusSeconds(1));
        assertThat(commitRun(v2, false).skippedRuns()).isEmpty();
        assertThat(store.findRun("R1").orElseThrow().version()).isEqualTo(2);
        // a stale writer (also at version 2) loses, and its message is not written
        WorkflowRun stale = v1.withStatus(RunStatus.COMPLETED, T0.plusSeconds(2));
        assertThat(commitRun(stale, false, message("M9", "R1", "u1", "in-app", null, "wf", T0)).skippedRuns()).containsExactly("R1");
        assertThat(store.findRun("R1").orElseThrow().status()).isEqualTo(RunStatus.ACTIVE);
        assertThat(store.findMessage("M9")).isEmpty();
        assertThat(commitRun(run("R404", "T1", "u1", RunStatus.ACTIVE, 5), false).skippedRuns()).containsExactly("R404");
    }

    @Test
    void runsOfTriggerPageInIdOrder() {
        for (int i = 4; i >= 0; i--) commitRun(run("R" + i, "T1", "u" + i, RunStatus.COMPLETED, 1), true);
        commitRun(run("X1", "T2", "u1", RunStatus.COMPLETED, 1), true);
        assertThat(store.runsOfTrigger("T1", null, 3)).extracting(WorkflowRun::id).containsExactly("R0", "R1", "R2");
        assertThat(store.runsOfTrigger("T1", "R2", 3)).extracting(WorkflowRun::id).containsExactly("R3", "R4");
        assertThat(store.findRuns(List.of("R1", "X1", "nope")).keySet()).containsExactlyInAnyOrder("R1", "X1");
    }

    @Test
    void deliveryUpdatesOfManyMessagesApplyToEachAndTheLastOfOneMessageWins() {
        commitRun(run("R1", "T1", "u1", RunStatus.COMPLETED, 1), true, message("M1", "R1", "u1", "email", null, "wf", T0),
                message("M2", "R1", "u1", "sms", null, "wf", T0), message("M3", "R1", "u1", "push", null, "wf", T0));
        ChangeSet cs = new ChangeSet(null);
        cs.deliveries().add(new DeliveryUpdate("M1", DeliveryStatus.SENT, 1, T0.plusSeconds(1)));
        cs.deliveries().add(new DeliveryUpdate("M2", DeliveryStatus.UNDELIVERED, 3, T0.plusSeconds(2)));
        cs.deliveries().add(new DeliveryUpdate("M1", DeliveryStatus.DELIVERED, 1, T0.plusSeconds(3)));
        store.commit(cs);
        assertThat(store.findMessage("M1").orElseThrow()).satisfies(m -> {
            assertThat(m.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(m.updatedAt()).isEqualTo(T0.plusSeconds(3));
        });
        assertThat(store.findMessage("M2").orElseThrow()).satisfies(m -> {
            assertThat(m.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
            assertThat(m.attempts()).isEqualTo(3);
        });
        assertThat(store.findMessage("M3").orElseThrow().updatedAt()).as("a message without an update is untouched").isEqualTo(T0);
    }

    @Test
    void deliveryUpdatesChangeStatusButKeepEngagement() {
        commitRun(run("R1", "T1", "u1", RunStatus.COMPLETED, 1), true, message("M1", "R1", "u1", "email", null, "wf", T0));
        store.updateEngagement(List.of("M1"), Engagement.READ, T0.plusSeconds(1), T0.plusSeconds(1));
        ChangeSet cs = new ChangeSet(null);
        cs.deliveries().add(new DeliveryUpdate("M1", DeliveryStatus.DELIVERY_ATTEMPTED, 2, T0.plusSeconds(2)));
        cs.events().add(MessageEvent.of("M1", T0.plusSeconds(2), DeliveryStatus.DELIVERY_ATTEMPTED, "timeout"));
        store.commit(cs);
        Message m = store.findMessage("M1").orElseThrow();
        assertThat(m.status()).isEqualTo(DeliveryStatus.DELIVERY_ATTEMPTED);
        assertThat(m.attempts()).isEqualTo(2);
        assertThat(m.readAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(m.updatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(store.messageEvents("M1")).extracting(MessageEvent::type).containsExactly("read", "delivery_attempted");
    }

    // ---------------------------------------------------------------- jobs

    @Test
    void claimReturnsDueJobsEarliestFirstUnderLease() {
        insertJobs(job("J3", JobKind.RUN, "r3", T0.plusSeconds(3)), job("J1", JobKind.RUN, "r1", T0.plusSeconds(1)),
                job("J2", JobKind.DELIVER, "m2", T0.plusSeconds(2)), job("J9", JobKind.RUN, "r9", T0.plusSeconds(90)));
        assertThat(store.nextDueAt(T0)).hasValue(T0.plusSeconds(1));
        List<Job> claimed = store.claimJobs("a", T0.plusSeconds(5), T0.plusSeconds(65), 10);
        assertThat(claimed).extracting(Job::id).containsExactly("J1", "J2", "J3");
        assertThat(claimed).allSatisfy(j -> {
            assertThat(j.owner()).isEqualTo("a");
            assertThat(j.leaseUntil()).isEqualTo(T0.plusSeconds(65));
        });
        assertThat(claimed.get(1).kind()).isEqualTo(JobKind.DELIVER);
        assertThat(claimed.get(1).payload()).isEqualTo("payload");
        assertThat(store.claimJobs("b", T0.plusSeconds(6), T0.plusSeconds(66), 10)).isEmpty();
        assertThat(store.nextDueAt(T0.plusSeconds(6))).hasValue(T0.plusSeconds(65));
        // the lease expires: another worker may take them
        assertThat(store.claimJobs("b", T0.plusSeconds(70), T0.plusSeconds(130), 2)).extracting(Job::id).hasSize(2);
        assertThat(store.countJobs()).isEqualTo(4);
    }

    @Test
    void completingAndReschedulingRequireTheLease() {
        insertJobs(job("J1", JobKind.RUN, "r1", T0), job("J2", JobKind.RUN, "r2", T0));
        store.claimJobs("a", T0, T0.plusSeconds(60), 10);

        ChangeSet wrongOwner = new ChangeSet("b");
        wrongOwner.completedJobs().add("J1");
        wrongOwner.jobs().add(job("J3", JobKind.RUN, "r3", T0));
        assertThatThrownBy(() -> store.commit(wrongOwner)).isInstanceOf(LeaseLostException.class);
        assertThat(store.countJobs()).isEqualTo(2); // J3 was not inserted

        ChangeSet ok = new ChangeSet("a");
        ok.completedJobs().add("J1");
        ok.rescheduledJobs().add(new ChangeSet.Reschedule("J2", T0.plusSeconds(30), 4));
        store.commit(ok);
        assertThat(store.countJobs()).isEqualTo(1);
        assertThat(store.claimJobs("c", T0.plusSeconds(29), T0.plusSeconds(90), 10)).isEmpty();
        List<Job> again = store.claimJobs("c", T0.plusSeconds(30), T0.plusSeconds(90), 10);
        assertThat(again).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo("J2");
            assertThat(j.attempts()).isEqualTo(4);
        });
        ChangeSet late = new ChangeSet("a");
        late.completedJobs().add("J2");
        assertThatThrownBy(() -> store.commit(late)).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void leasesAreRenewedOnlyByTheirOwner() {
        insertJobs(job("J1", JobKind.RUN, "r1", T0), job("J2", JobKind.RUN, "r2", T0));
        store.claimJobs("a", T0, T0.plusSeconds(10), 1);
        store.claimJobs("b", T0, T0.plusSeconds(10), 1);
        assertThat(store.renewLeases("a", List.of("J1", "J2"), T0.plusSeconds(100))).isEqualTo(1);
        List<Job> after = store.claimJobs("c", T0.plusSeconds(50), T0.plusSeconds(200), 10);
        assertThat(after).hasSize(1); // only the unrenewed one expired
    }

    @Test
    void aLeasedJobIsDueAgainExactlyWhenItsLeaseEndsAndClaimableThen() {
        // one rule on every store: a job is claimable when lease_until <= now, and nextDueAt reports that instant
        insertJobs(job("J1", JobKind.RUN, "r1", T0), job("J2", JobKind.RUN, "r2", T0.plusSeconds(90)));
        Instant leaseEnd = T0.plusSeconds(30);
        assertThat(store.claimJobs("a", T0, leaseEnd, 10)).extracting(Job::id).containsExactly("J1");
        assertThat(store.nextDueAt(T0)).contains(leaseEnd);
        assertThat(store.claimJobs("b", leaseEnd.minusMillis(1), leaseEnd.plusSeconds(30), 10)).isEmpty();
        assertThat(store.claimJobs("b", leaseEnd, T0.plusSeconds(150), 10)).extracting(Job::id).containsExactly("J1");
        assertThat(store.nextDueAt(leaseEnd)).contains(T0.plusSeconds(90)); // J2's due time comes before b's lease end
    }

    @Test
    void confirmingLeasesReportsExactlyTheJobsTheOwnerStillHolds() {
        insertJobs(job("J1", JobKind.DELIVER, "m1", T0), job("J2", JobKind.DELIVER, "m2", T0), job("J3", JobKind.DELIVER, "m3", T0));
        store.claimJobs("a", T0, T0.plusSeconds(10), 2); // J1, J2
        store.claimJobs("b", T0, T0.plusSeconds(10), 1); // J3
        assertThat(store.confirmLeases("a", List.of("J1", "J2", "J3", "gone"), T0.plusSeconds(100))).containsExactlyInAnyOrder("J1", "J2");
        assertThat(store.confirmLeases("a", List.of(), T0.plusSeconds(100))).isEmpty();
        // the confirmed leases were extended: at T0+50 only b's job is free again
        assertThat(store.claimJobs("c", T0.plusSeconds(50), T0.plusSeconds(200), 10)).extracting(Job::id).containsExactly("J3");
        assertThat(store.confirmLeases("b", List.of("J3"), T0.plusSeconds(300))).isEmpty();
    }

    @Test
    void concurrentClaimersNeverShareAJob() throws Exception {
        int n = 600;
        Job[] jobs = new Job[n];
        for (int i = 0; i < n; i++) jobs[i] = job(String.format("J%04d", i), JobKind.RUN, "r" + i, T0);
        insertJobs(jobs);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String owner = "w" + w;
            fs.add(pool.submit(() -> {
                start.await();
                while (true) {
                    List<Job> got = store.claimJobs(owner, T0, T0.plusSeconds(60), 25);
                    if (got.isEmpty()) return null;
                    for (Job j : got) if (!seen.add(j.id())) duplicates.add(j.id());
                    ChangeSet done = new ChangeSet(owner);
                    got.forEach(j -> done.completedJobs().add(j.id()));
                    store.commit(done);
                }
            }));
        }
        start.countDown();
        for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(duplicates).isEmpty();
        assertThat(seen).hasSize(n);
        assertThat(store.countJobs()).isZero();
    }

    // ---------------------------------------------------------------- idempotency and cancellation

    @Test
    void idempotencyKeysAreClaimedOnceUntilTheyExpire() {
        ChangeSet first = new ChangeSet(null);
        first.idempotencyRecords().add(new IdempotencyRecord("k", "f1", "T1", T0, T0.plus(Duration.ofHours(24))));
        first.triggers().add(trigger("T1"));
        store.commit(first);
        assertThat(store.findIdempotency("k", T0.plusSeconds(1))).hasValue(new IdempotencyRecord("k", "f1", "T1", T0, T0.plus(Duration.ofHours(24))));

        ChangeSet second = new ChangeSet(null);
        second.idempotencyRecords().add(new IdempotencyRecord("k", "f2", "T2", T0.plusSeconds(60), T0.plusSeconds(60).plus(Duration.ofHours(24))));
        second.triggers().add(trigger("T2"));
        assertThatThrownBy(() -> store.commit(second)).isInstanceOfSatisfying(IdempotencyKeyTakenException.class,
                e -> assertThat(e.existing().triggerId()).isEqualTo("T1"));
        assertThat(store.findTrigger("T2")).isEmpty();

        Instant later = T0.plus(Duration.ofHours(25));
        assertThat(store.findIdempotency("k", later)).isEmpty();
        ChangeSet third = new ChangeSet(null);
        third.idempotencyRecords().add(new IdempotencyRecord("k", "f3", "T3", later, later.plus(Duration.ofHours(24))));
        store.commit(third);
        assertThat(store.findIdempotency("k", later)).map(IdempotencyRecord::triggerId).hasValue("T3");
    }

    @Test
    void aKeyClaimedTwiceInOneChangeSetFailsTheCommitAndWritesNothing() {
        ChangeSet both = new ChangeSet(null);
        both.idempotencyRecords().add(new IdempotencyRecord("k", "f1", "T1", T0, T0.plus(Duration.ofHours(24))));
        both.idempotencyRecords().add(new IdempotencyRecord("k", "f2", "T2", T0, T0.plus(Duration.ofHours(24))));
        both.triggers().add(trigger("T1"));
        both.triggers().add(trigger("T2"));
        assertThatThrownBy(() -> store.commit(both)).isInstanceOfSatisfying(IdempotencyKeyTakenException.class,
                e -> assertThat(e.existing().triggerId()).isEqualTo("T1"));
        assertThat(store.findIdempotency("k", T0)).isEmpty();
        assertThat(store.findTrigger("T1")).isEmpty();
        assertThat(store.findTrigger("T2")).isEmpty();
    }

    @Test
    void cancelStopsActiveAndPausedRunsOfTheKeyAndTheirPendingJobs() {
        commitRun(run("R1", "T1", "u1", RunStatus.PAUSED, 1), true);
        commitRun(run("R2", "T1", "u2", RunStatus.PAUSED, 1), true);
        commitRun(run("R3", "T1", "u3", RunStatus.COMPLETED, 1), true);
        insertJobs(job("J1", JobKind.RUN, "R1", T0.plusSeconds(60)), job("J2", JobKind.RUN, "R2", T0.plusSeconds(60)));
        List<WorkflowRun> cancelled = store.cancelRuns(new Cancellation("wf", "ck", List.of(Recipient.user("u1"), Recipient.user("u3")), T0), T0);
        assertThat(cancelled).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("R1");
            assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(r.version()).isEqualTo(2);
        });
        assertThat(store.findRun("R1").orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(store.findRun("R3").orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(store.countJobs()).isEqualTo(1);
        assertThat(store.cancelRuns(new Cancellation("wf", "ck", List.of(), T0.plusSeconds(1)), T0.plusSeconds(1))).extracting(WorkflowRun::id).containsExactly("R2");
        assertThat(store.countJobs()).isZero();
        assertThat(store.cancelRuns(new Cancellation("other", "ck", List.of(), T0), T0)).isEmpty();
        assertThat(store.findCancellations("wf", "ck", T0)).hasSize(2);
        assertThat(store.findCancellations("wf", "ck", T0.plusMillis(500))).singleElement().satisfies(c -> assertThat(c.recipients()).isEmpty());
        assertThat(store.findCancellations("wf", "other-key", T0)).isEmpty();
    }

    // ---------------------------------------------------------------- feeds

    private List<String> seedFeed() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = nextId();
            ids.add(id);
            String tenant = i % 2 == 0 ? "acme" : null;
            commitRun(run("R" + i, "T1", "ada", RunStatus.COMPLETED, 1), true,
                    message(id, "R" + i, "ada", "in-app", tenant, i < 5 ? "comments" : "billing", T0.plusSeconds(i)));
        }
        commitRun(run("RB", "T1", "bob", RunStatus.COMPLETED, 1), true, message(nextId(), "RB", "bob", "in-app", null, "comments", T0));
        commitRun(run("RC", "T1", "ada", RunStatus.COMPLETED, 1), true, message(nextId(), "RC", "ada", "other-feed", null, "comments", T0));
        return ids;
    }

    @Test
    void feedListsNewestFirstWithCursorPagingAndCounts() {
        List<String> ids = seedFeed();
        FeedPage first = store.feed(FeedQuery.of("ada", "in-app").withPageSize(3));
        assertThat(first.items()).extracting(Message::id).containsExactly(ids.get(6), ids.get(5), ids.get(4));
        assertThat(first.totalCount()).isEqualTo(7);
        assertThat(first.unreadCount()).isEqualTo(7);
        assertThat(first.nextCursor()).isNotNull();
        FeedPage second = store.feed(FeedQuery.of("ada", "in-app").withPageSize(3).withAfter(first.nextCursor()));
        assertThat(second.items()).extracting(Message::id).containsExactly(ids.get(3), ids.get(2), ids.get(1));
        FeedPage third = store.feed(FeedQuery.of("ada", "in-app").withPageSize(3).withAfter(second.nextCursor()));
        assertThat(third.items()).extracting(Message::id).containsExactly(ids.get(0));
        assertThat(third.nextCursor()).isNull();
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withPageSize(7)).nextCursor()).isNull();
    }

    @Test
    void feedFiltersByTenantWorkflowCategoryStatusAndArchive() {
        List<String> ids = seedFeed();
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withTenant("acme")).items()).extracting(Message::id)
                .containsExactly(ids.get(6), ids.get(4), ids.get(2), ids.get(0));
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withWorkflow("billing")).items()).hasSize(2);
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withCategory("cat-comments")).items()).hasSize(5);
        store.updateEngagement(List.of(ids.get(0), ids.get(1)), Engagement.READ, T0.plusSeconds(10), T0.plusSeconds(10));
        store.updateEngagement(List.of(ids.get(2)), Engagement.SEEN, T0.plusSeconds(10), T0.plusSeconds(10));
        store.updateEngagement(List.of(ids.get(6)), Engagement.ARCHIVED, T0.plusSeconds(10), T0.plusSeconds(10));
        FeedPage unread = store.feed(FeedQuery.of("ada", "in-app").withStatus(FeedQuery.StatusFilter.UNREAD));
        assertThat(unread.items()).extracting(Message::id).containsExactly(ids.get(5), ids.get(4), ids.get(3), ids.get(2));
        assertThat(unread.totalCount()).isEqualTo(6);
        assertThat(unread.unreadCount()).isEqualTo(4);
        assertThat(unread.unseenCount()).isEqualTo(3);
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withStatus(FeedQuery.StatusFilter.READ)).items()).hasSize(2);
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withStatus(FeedQuery.StatusFilter.SEEN)).items()).hasSize(3);
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withArchived(FeedQuery.ArchivedFilter.ONLY)).items()).extracting(Message::id).containsExactly(ids.get(6));
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withArchived(FeedQuery.ArchivedFilter.INCLUDE)).items()).hasSize(7);
        assertThat(store.feed(FeedQuery.of("bob", "in-app")).items()).hasSize(1);
        assertThat(store.feed(FeedQuery.of("nobody", "in-app")).items()).isEmpty();
    }

    @Test
    void engagementSetsImpliedStatusesRecordsHistoryAndCanBeUndone() {
        List<String> ids = seedFeed();
        Instant t = T0.plusSeconds(100);
        List<Message> changed = store.updateEngagement(List.of(ids.get(0), "missing"), Engagement.INTERACTED, t, t);
        assertThat(changed).singleElement().satisfies(m -> {
            assertThat(m.interactedAt()).isEqualTo(t);
            assertThat(m.readAt()).isEqualTo(t);
            assertThat(m.seenAt()).isEqualTo(t);
        });
        assertThat(store.updateEngagement(List.of(ids.get(0)), Engagement.READ, t.plusSeconds(1), t.plusSeconds(1))).isEmpty();
        List<Message> undone = store.updateEngagement(List.of(ids.get(0)), Engagement.READ, null, t.plusSeconds(2));
        assertThat(undone).singleElement().satisfies(m -> {
            assertThat(m.readAt()).isNull();
            assertThat(m.seenAt()).isEqualTo(t);
        });
        assertThat(store.messageEvents(ids.get(0))).extracting(MessageEvent::type).containsExactly("interacted", "unread");

        int n = store.updateEngagementWhere(FeedQuery.of("ada", "in-app").withTenant("acme"), Engagement.SEEN, t, t);
        assertThat(n).isEqualTo(3); // ids 2, 4, 6 (0 was already seen)
        assertThat(store.feed(FeedQuery.of("ada", "in-app")).unseenCount()).isEqualTo(3);
        assertThat(store.feed(FeedQuery.of("bob", "in-app")).unseenCount()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- batches

    private BatchRequest batchRequest(String key, String runId, String actor, Instant now, Duration window, Duration sliding,
                                      Instant maxCloseAt, int max, boolean leading) {
        return new BatchRequest(key, new BatchActivity(runId, actor, Map.of("run", runId), now), now, now.plus(window), sliding,
                maxCloseAt, max, leading, nextId(), "wf\nbatch");
    }

    @Test
    void firstActivityHoldsTheBatchLaterOnesJoinAndCloseReturnsThem() {
        Duration w = Duration.ofMinutes(5);
        BatchJoin first = store.addToBatch(batchRequest("k", "R1", "a1", T0, w, null, null, 0, false));
        assertThat(first.outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        assertThat(first.closeAt()).isEqualTo(T0.plus(w));
        BatchJoin second = store.addToBatch(batchRequest("k", "R2", "a2", T0.plusSeconds(10), w, null, null, 0, false));
        assertThat(second).isEqualTo(new BatchJoin(first.batchId(), BatchJoin.Outcome.JOINED, T0.plus(w)));
        store.addToBatch(batchRequest("k", "R3", "a1", T0.plusSeconds(20), w, null, null, 0, false));
        // asking again for a run gives the same answer and adds nothing
        assertThat(store.addToBatch(batchRequest("k", "R2", "a2", T0.plusSeconds(30), w, null, null, 0, false))).isEqualTo(second);
        assertThat(store.addToBatch(batchRequest("k", "R1", "a1", T0.plusSeconds(30), w, null, null, 0, false)).outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        // another key: another batch
        assertThat(store.addToBatch(batchRequest("other", "R9", "a1", T0, w, null, null, 0, false)).batchId()).isNotEqualTo(first.batchId());

        // the flush job was created due at the close
        assertThat(store.claimJobs("x", T0.plus(w).minusMillis(1), T0.plus(w).plusSeconds(60), 10)).isEmpty();
        List<Job> flush = store.claimJobs("x", T0.plus(w), T0.plus(w).plusSeconds(60), 10);
        assertThat(flush).extracting(Job::kind).containsOnly(JobKind.FLUSH_BATCH);
        assertThat(flush).filteredOn(j -> j.target().equals(first.batchId())).singleElement()
                .satisfies(j -> assertThat(j.payload()).isEqualTo("wf\nbatch"));

        assertThat(store.closeBatch(first.batchId(), T0.plusSeconds(60), 10, false, 10)).hasValue(BatchClose.notDue(T0.plus(w)));
        BatchClose closed = store.closeBatch(first.batchId(), T0.plus(w), 2, false, 10).orElseThrow();
        assertThat(closed.due()).isTrue();
        assertThat(closed.holderRunId()).isEqualTo("R1");
        assertThat(closed.totalActivities()).isEqualTo(3);
        assertThat(closed.totalActors()).isEqualTo(2);
        assertThat(closed.activities()).extracting(BatchActivity::runId).containsExactly("R1", "R2");
        assertThat(closed.activities().get(1).data()).isEqualTo(Map.of("run", "R2"));
        assertThat(closed.actorIds()).containsExactly("a1", "a2");
        assertThat(store.closeBatch(first.batchId(), T0.plus(w).plusSeconds(5), 2, false, 10)).hasValue(closed);
        assertThat(store.closeBatch(first.batchId(), T0.plus(w), 2, true, 1).orElseThrow().activities())
                .extracting(BatchActivity::runId).containsExactly("R2", "R3");
        // after the close a new activity opens a new batch
        BatchJoin next = store.addToBatch(batchRequest("k", "R4", "a1", T0.plus(w).plusSeconds(1), w, null, null, 0, false));
        assertThat(next.outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        assertThat(next.batchId()).isNotEqualTo(first.batchId());
        assertThat(store.closeBatch("no-such-batch", T0, 10, false, 10)).isEmpty();
    }

    @Test
    void batchRequestsMadeTogetherAnswerInListOrderAsIfMadeOneByOne() {
        Duration w = Duration.ofMinutes(5);
        List<BatchRequest> requests = List.of(
                batchRequest("k", "R1", "a1", T0, w, null, null, 0, false),
                batchRequest("other", "R9", "a1", T0, w, null, null, 0, false),
                batchRequest("k", "R2", "a2", T0, w, null, null, 0, false),
                batchRequest("k", "R1", "a1", T0, w, null, null, 0, false));
        List<BatchJoin> joins = store.addToBatches(requests);
        assertThat(joins).hasSize(4);
        assertThat(joins.get(0).outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        assertThat(joins.get(1).outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        assertThat(joins.get(1).batchId()).isNotEqualTo(joins.get(0).batchId());
        assertThat(joins.get(2)).isEqualTo(new BatchJoin(joins.get(0).batchId(), BatchJoin.Outcome.JOINED, T0.plus(w)));
        assertThat(joins.get(3)).isEqualTo(joins.get(0));
        // made again whole, as after a failure: the same answers, nothing added twice
        assertThat(store.addToBatches(requests)).isEqualTo(joins);
        assertThat(store.closeBatch(joins.get(0).batchId(), T0.plus(w), 10, false, 10).orElseThrow().activities())
                .extracting(BatchActivity::runId).containsExactly("R1", "R2");
        assertThat(store.addToBatches(List.of())).isEmpty();
    }

    @Test
    void concurrentBatchRequestsOverlappingInAnyOrderFillOneBatchPerKey() throws Exception {
        int threads = 6, keys = 8;
        Duration w = Duration.ofMinutes(5);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<BatchJoin>>> calls = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<BatchRequest> requests = new ArrayList<>();
                for (int k = 0; k < keys; k++) requests.add(batchRequest("k" + k, "R" + t + "-" + k, "a" + t, T0, w, null, null, 0, false));
                Collections.shuffle(requests, new java.util.Random(t));
                calls.add(pool.submit(() -> {
                    start.await();
                    return store.addToBatches(requests);
                }));
            }
            start.countDown();
            for (Future<List<BatchJoin>> f : calls) {
                for (BatchJoin j : f.get(60, TimeUnit.SECONDS)) assertThat(j.outcome()).isIn(BatchJoin.Outcome.HOLDER, BatchJoin.Outcome.JOINED);
            }
            // each key has one batch, holding every thread's activity
            Set<String> batches = new HashSet<>();
            for (int k = 0; k < keys; k++) {
                BatchJoin one = store.addToBatch(batchRequest("k" + k, "R0-" + k, "a0", T0, w, null, null, 0, false));
                batches.add(one.batchId());
                BatchClose closed = store.closeBatch(one.batchId(), T0.plus(w), 100, false, 100).orElseThrow();
                assertThat(closed.totalActivities()).as("activities of k%d", k).isEqualTo(threads);
                assertThat(closed.actorIds()).hasSize(threads);
            }
            assertThat(batches).hasSize(keys);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void maxActivitiesClosesTheBatchAtOnce() {
        Duration w = Duration.ofHours(1);
        BatchJoin b = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 3, false));
        store.addToBatch(batchRequest("k", "R2", null, T0.plusSeconds(1), w, null, null, 3, false));
        BatchJoin third = store.addToBatch(batchRequest("k", "R3", null, T0.plusSeconds(2), w, null, null, 3, false));
        assertThat(third.closeAt()).isEqualTo(T0.plusSeconds(2));
        BatchJoin fourth = store.addToBatch(batchRequest("k", "R4", null, T0.plusSeconds(3), w, null, null, 3, false));
        assertThat(fourth.batchId()).isNotEqualTo(b.batchId());
        assertThat(fourth.outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        BatchClose closed = store.closeBatch(b.batchId(), T0.plusSeconds(2), 10, false, 10).orElseThrow();
        assertThat(closed.totalActivities()).isEqualTo(3);
        assertThat(closed.totalActors()).isZero();
    }

    @Test
    void slidingWindowMovesTheCloseButNotBeyondTheMaximum() {
        Duration w = Duration.ofMinutes(1);
        Instant max = T0.plusSeconds(150);
        BatchJoin b = store.addToBatch(batchRequest("k", "R1", null, T0, w, w, max, 0, false));
        assertThat(b.closeAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(store.addToBatch(batchRequest("k", "R2", null, T0.plusSeconds(50), w, w, max, 0, false)).closeAt()).isEqualTo(T0.plusSeconds(110));
        assertThat(store.addToBatch(batchRequest("k", "R3", null, T0.plusSeconds(100), w, w, max, 0, false)).closeAt()).isEqualTo(max);
        assertThat(store.closeBatch(b.batchId(), T0.plusSeconds(120), 10, false, 10)).hasValue(BatchClose.notDue(max));
        assertThat(store.claimJobs("x", T0.plusSeconds(149), T0.plusSeconds(300), 10)).isEmpty();
        assertThat(store.claimJobs("x", max, T0.plusSeconds(300), 10)).hasSize(1);
    }

    @Test
    void flushLeadingItemIsNotCollectedAndTheFirstRealActivityHolds() {
        Duration w = Duration.ofMinutes(5);
        BatchJoin lead = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 0, true));
        assertThat(lead.outcome()).isEqualTo(BatchJoin.Outcome.LEADING);
        assertThat(store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 0, true)).outcome()).isEqualTo(BatchJoin.Outcome.LEADING);
        assertThat(store.addToBatch(batchRequest("k", "R2", null, T0.plusSeconds(1), w, null, null, 0, true)).outcome()).isEqualTo(BatchJoin.Outcome.HOLDER);
        assertThat(store.addToBatch(batchRequest("k", "R3", null, T0.plusSeconds(2), w, null, null, 0, true)).outcome()).isEqualTo(BatchJoin.Outcome.JOINED);
        BatchClose closed = store.closeBatch(lead.batchId(), T0.plus(w), 10, false, 10).orElseThrow();
        assertThat(closed.holderRunId()).isEqualTo("R2");
        assertThat(closed.totalActivities()).isEqualTo(2);
    }

    @Test
    void leadingBatchWithoutFurtherActivityClosesEmpty() {
        BatchJoin lead = store.addToBatch(batchRequest("k", "R1", null, T0, Duration.ofMinutes(1), null, null, 0, true));
        BatchClose closed = store.closeBatch(lead.batchId(), T0.plusSeconds(60), 10, false, 10).orElseThrow();
        assertThat(closed.holderRunId()).isNull();
        assertThat(closed.totalActivities()).isZero();
    }

    @Test
    void cancellingTheHolderHandsTheBatchToTheNextActivity() {
        Duration w = Duration.ofMinutes(5);
        commitRun(run("R1", "T1", "u1", RunStatus.PAUSED, 1), true);
        commitRun(new WorkflowRun("R2", "T2", "wf", Recipient.user("u1"), null, null, Map.of(), "other-key", RunStatus.ABSORBED,
                null, Map.of(), 0, false, T0, T0, 1), true);
        BatchJoin b = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 0, false));
        store.addToBatch(batchRequest("k", "R2", null, T0.plusSeconds(1), w, null, null, 0, false));
        store.cancelRuns(new Cancellation("wf", "ck", List.of(), T0.plusSeconds(2)), T0.plusSeconds(2));
        BatchClose closed = store.closeBatch(b.batchId(), T0.plus(w), 10, false, 10).orElseThrow();
        assertThat(closed.holderRunId()).isEqualTo("R2");
        assertThat(closed.totalActivities()).isEqualTo(1);
    }

    @Test
    void concurrentActivitiesForOneKeyOpenExactlyOneBatchAndLoseNothing() throws Exception {
        int threads = 8, perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<BatchJoin>>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            fs.add(pool.submit(() -> {
                start.await();
                List<BatchJoin> out = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    out.add(store.addToBatch(batchRequest("hot", "R" + thread + "-" + i, "a" + (i % 7), T0, Duration.ofMinutes(1), null, null, 0, false)));
                }
                return out;
            }));
        }
        start.countDown();
        List<BatchJoin> joins = new ArrayList<>();
        for (Future<List<BatchJoin>> f : fs) joins.addAll(f.get(60, TimeUnit.SECONDS));
        pool.shutdown();
        Set<String> batchIds = new HashSet<>();
        joins.forEach(j -> batchIds.add(j.batchId()));
        assertThat(batchIds).hasSize(1);
        assertThat(joins).filteredOn(j -> j.outcome() == BatchJoin.Outcome.HOLDER).hasSize(1);
        BatchClose closed = store.closeBatch(batchIds.iterator().next(), T0.plusSeconds(60), 1000, false, 100).orElseThrow();
        assertThat(closed.totalActivities()).isEqualTo(threads * perThread);
        assertThat(closed.totalActors()).isEqualTo(7);
        assertThat(closed.activities()).extracting(BatchActivity::runId).doesNotHaveDuplicates().hasSize(threads * perThread);
    }

    @Test
    void cancellingAnAbsorbedRunRemovesItsActivityOnlyWhileTheBatchIsOpen() {
        Duration w = Duration.ofMinutes(5);
        commitRun(run("R1", "T1", "u1", RunStatus.PAUSED, 1), true);
        WorkflowRun absorbed = new WorkflowRun("R2", "T2", "wf", Recipient.user("u1"), null, null, Map.of(), "late", RunStatus.ABSORBED,
                null, Map.of(), 0, false, T0, T0, 1);
        WorkflowRun closedOut = new WorkflowRun("R3", "T3", "wf", Recipient.user("u1"), null, null, Map.of(), "late", RunStatus.ABSORBED,
                null, Map.of(), 0, false, T0, T0, 1);
        commitRun(absorbed, true);
        commitRun(closedOut, true);
        BatchJoin closing = store.addToBatch(batchRequest("k0", "R9", null, T0, w, null, null, 0, false));
        store.addToBatch(batchRequest("k0", "R3", null, T0, w, null, null, 0, false));
        store.closeBatch(closing.batchId(), T0.plus(w), 10, false, 10);
        BatchJoin open = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 0, false));
        store.addToBatch(batchRequest("k", "R2", null, T0, w, null, null, 0, false));

        List<WorkflowRun> cancelled = store.cancelRuns(new Cancellation("wf", "late", List.of(), T0.plusSeconds(1)), T0.plusSeconds(1));
        assertThat(cancelled).extracting(WorkflowRun::id).containsExactly("R2");
        assertThat(store.findRun("R3").orElseThrow().status()).isEqualTo(RunStatus.ABSORBED);
        BatchClose closed = store.closeBatch(open.batchId(), T0.plus(w), 10, false, 10).orElseThrow();
        assertThat(closed.activities()).extracting(BatchActivity::runId).containsExactly("R1");
        assertThat(store.closeBatch(closing.batchId(), T0.plus(w), 10, false, 10).orElseThrow().totalActivities()).isEqualTo(2);
    }

    @Test
    void theHolderOfAClosedBatchIsNotCancelledWhileItsFlushIsPending() {
        Duration w = Duration.ofMinutes(5);
        commitRun(run("R1", "T1", "u1", RunStatus.PAUSED, 1), true);
        BatchJoin b = store.addToBatch(batchRequest("k", "R1", null, T0, w, null, null, 0, false));
        store.addToBatch(batchRequest("k", "R2", null, T0, w, null, null, 0, false));
        List<Job> flush = store.claimJobs("w", T0.plus(w), T0.plus(w).plusSeconds(60), 10);
        store.closeBatch(b.batchId(), T0.plus(w), 10, false, 10);
        assertThat(store.cancelRuns(new Cancellation("wf", "ck", List.of(), T0.plus(w)), T0.plus(w))).isEmpty();
        assertThat(store.findRun("R1").orElseThrow().status()).isEqualTo(RunStatus.PAUSED);
        ChangeSet done = new ChangeSet("w");
        done.completedJobs().add(flush.get(0).id());
        store.commit(done);
        // once the flush is done, the run (say, paused in a later delay) is cancellable again
        assertThat(store.cancelRuns(new Cancellation("wf", "ck", List.of(), T0.plus(w)), T0.plus(w))).extracting(WorkflowRun::id).containsExactly("R1");
    }

    // ---------------------------------------------------------------- throttles

    @Test
    void throttleAdmitsUpToTheLimitPerWindowAndAnswersRepeatsTheSame() {
        Duration w = Duration.ofMinutes(10);
        assertThat(store.acquireThrottle("k", "R1", T0, w, 2)).isTrue();
        assertThat(store.acquireThrottle("k", "R2", T0.plusSeconds(60), w, 2)).isTrue();
        assertThat(store.acquireThrottle("k", "R3", T0.plusSeconds(120), w, 2)).isFalse();
        assertThat(store.acquireThrottle("k", "R1", T0.plusSeconds(130), w, 2)).isTrue();
        assertThat(store.acquireThrottle("k", "R3", T0.plusSeconds(140), w, 2)).isFalse();
        assertThat(store.acquireThrottle("other", "R3", T0.plusSeconds(140), w, 2)).isTrue();
        // R1 leaves the window at T0 + 10 min
        assertThat(store.acquireThrottle("k", "R4", T0.plus(w).plusSeconds(1), w, 2)).isTrue();
        assertThat(store.acquireThrottle("k", "R5", T0.plus(w).plusSeconds(2), w, 2)).isFalse();
    }

    @Test
    void concurrentThrottleAcquirersNeverExceedTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> fs = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            String run = "R" + i;
            fs.add(pool.submit(() -> store.acquireThrottle("hot", run, T0, Duration.ofHours(1), 5)));
        }
        int admitted = 0;
        for (Future<Boolean> f : fs) if (f.get(30, TimeUnit.SECONDS)) admitted++;
        pool.shutdown();
        assertThat(admitted).isEqualTo(5);
    }

    // ---------------------------------------------------------------- schedules and housekeeping

    @Test
    void schedulesArePutFiredListedAndDeletedWithTheirJobs() {
        ScheduleRecord s = new ScheduleRecord("S1", "wf", List.of(Recipient.user("u1")), null, null, Map.of("a", 1),
                Map.of("frequency", "daily", "hours", 9), null, T0.plus(Duration.ofDays(1)), null, T0, T0);
        store.putSchedule(s, job("JS1", JobKind.SCHEDULE, "S1", T0.plus(Duration.ofDays(1))));
        store.putSchedule(new ScheduleRecord("S2", "wf", List.of(Recipient.user("u2")), null, null, Map.of(), Map.of("frequency", "hourly"),
                null, T0.plusSeconds(3600), null, T0, T0), job("JS2", JobKind.SCHEDULE, "S2", T0.plusSeconds(3600)));
        assertThat(store.findSchedule("S1")).hasValue(s);
        assertThat(store.schedules(null, 1)).extracting(ScheduleRecord::id).containsExactly("S1");
        assertThat(store.schedules("S1", 10)).extracting(ScheduleRecord::id).containsExactly("S2");
        assertThat(store.countJobs()).isEqualTo(2);

        List<Job> due = store.claimJobs("w", T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)).plusSeconds(60), 10);
        assertThat(due).extracting(Job::id).containsExactly("JS2", "JS1");
        ScheduleRecord fired = new ScheduleRecord("S1", "wf", s.recipients(), null, null, s.data(), s.repeat(), null,
                T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(1)), T0, T0.plus(Duration.ofDays(1)));
        ChangeSet cs = new ChangeSet("w");
        cs.completedJobs().add("JS1");
        cs.triggers().add(trigger("TS1"));
        cs.jobs().add(job("JS1b", JobKind.SCHEDULE, "S1", T0.plus(Duration.ofDays(2))));
        store.recordScheduleFired(fired, cs);
        assertThat(store.findSchedule("S1")).hasValue(fired);
        assertThat(store.findTrigger("TS1")).isPresent();

        assertThat(store.deleteSchedule("S1")).isTrue();
        assertThat(store.deleteSchedule("S1")).isFalse();
        assertThat(store.findSchedule("S1")).isEmpty();
        assertThat(store.claimJobs("w", T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(4)), 10)).extracting(Job::id).doesNotContain("JS1b");
    }

    @Test
    void purgeDeletesOldTerminalRunsAndFinishedMessages() {
        commitRun(run("OLD", "T1", "u1", RunStatus.COMPLETED, 1), true, message("M1", "OLD", "u1", "in-app", null, "wf", T0));
        commitRun(run("LIVE", "T1", "u2", RunStatus.PAUSED, 1), true);
        int deleted = store.purge(T0.plus(Duration.ofDays(31)), 100);
        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(store.findRun("OLD")).isEmpty();
        assertThat(store.runLog("OLD")).isEmpty();
        assertThat(store.findMessage("M1")).isEmpty();
        assertThat(store.findRun("LIVE")).isPresent();
    }

    @Test
    void purgeDeletesAtMostLimitRowsOfEachKindPerCall() {
        ChangeSet keys = new ChangeSet("w");
        for (String k : List.of("k1", "k2", "k3")) keys.idempotencyRecords().add(new IdempotencyRecord(k, "f", "T-" + k, T0, T0.plus(Duration.ofHours(24))));
        store.commit(keys);
        for (String k : List.of("c1", "c2", "c3")) store.cancelRuns(new Cancellation("wf", k, List.of(), T0), T0);
        Instant cutoff = T0.plus(Duration.ofDays(31));

        assertThat(store.purge(cutoff, 1)).as("one idempotency record and one cancellation").isEqualTo(2);
        assertThat(store.purge(cutoff, 0)).as("a limit of zero deletes nothing").isZero();
        assertThat(store.purge(cutoff, 10)).isEqualTo(4);
        assertThat(store.purge(cutoff, 10)).isZero();
        assertThat(store.findIdempotency("k1", T0.plusSeconds(1))).isEmpty();
        assertThat(store.findCancellations("wf", "c1", T0.minusSeconds(1))).isEmpty();
    }

    // ---- c15boot

    @Test
    void aJobClaimedFromALeaseThatRanOutIsMarkedRecoveredAndOthersAreNot() {
        insertJobs(job("JR1", JobKind.RUN, "r1", T0), job("JR2", JobKind.RUN, "r2", T0), job("JR3", JobKind.RUN, "r3", T0.plusSeconds(100)));
        assertThat(store.claimJobs("a", T0, T0.plusSeconds(60), 2))
                .as("fresh jobs nobody held").extracting(Job::id, Job::recovered)
                .containsExactly(tuple("JR1", false), tuple("JR2", false));

        ChangeSet done = new ChangeSet("a");
        done.rescheduledJobs().add(new ChangeSet.Reschedule("JR2", T0.plusSeconds(70), 1));
        store.commit(done);

        // a's lease ran out while it held JR1; JR2 was given back by its owner, JR3 was never held
        List<Job> taken = store.claimJobs("b", T0.plusSeconds(120), T0.plusSeconds(180), 10);
        assertThat(taken).extracting(Job::id, Job::recovered)
                .containsExactly(tuple("JR1", true), tuple("JR2", false), tuple("JR3", false));
        assertThat(taken).allSatisfy(j -> assertThat(j.owner()).isEqualTo("b"));

        // b's lease runs out too: c recovers all three
        assertThat(store.claimJobs("c", T0.plusSeconds(200), T0.plusSeconds(260), 10))
                .extracting(Job::recovered).containsExactly(true, true, true);
    }
}
