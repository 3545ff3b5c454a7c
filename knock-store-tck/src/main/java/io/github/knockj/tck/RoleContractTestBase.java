package io.github.knockj.tck;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.CommitResult;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.RunChanges;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the role suites ({@code *StoreContractTest} and {@link JobQueueContractTest}), which call
 * the {@link Store} under test directly, without an engine: each test gets a new, empty store from
 * {@link #newStore()} and closes it afterwards, and writes at {@link #T0}. The fixtures here build
 * runs, messages, triggers and jobs and commit them, which most roles need to set up state (through
 * {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore}). The in-memory store is the
 * reference. Times are whole milliseconds so that stores keeping millisecond precision compare
 * equal. A store implementation proves itself by extending the role suites of this package with its
 * own {@code newStore()}; it does not extend this class directly.
 */
public abstract class RoleContractTestBase {
    /** The time the tests write at: Monday 2026-01-05 09:00 UTC. */
    protected static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    /** This test's store, from {@link #newStore()}; closed after the test. */
    protected Store store;
    private static final AtomicLong IDS = new AtomicLong();

    /** For the role suites of this package; a store's test class extends one of them. */
    RoleContractTestBase() {}

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
     *
     * @return the id
     */
    protected static String nextId() {
        return String.format("%026d", IDS.incrementAndGet());
    }
}
