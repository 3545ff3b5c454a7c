package io.github.knockj.tck;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.InAppFeedChannel;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.RetryPolicy;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.TestKit;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the engine contract suites, which run whole workflows through a {@link Notifier} on the
 * store under test: each test gets a fresh store from {@link #newStore()}, a {@link TestKit} clock,
 * and recording providers on channels {@code email}, {@code sms}, {@code push}, {@code chat}, plus
 * the in-app feed on {@code in-app}. A store implementation proves itself by extending every
 * {@code *ContractTest} class of this package with its own {@code newStore()}; it does not extend
 * this class directly.
 */
public abstract class ContractTestBase {
    /** This test's clock and job runner; every notifier of the test runs on it. */
    protected TestKit kit;
    /** This test's store, from {@link #newStore()}; closed after the test. */
    protected Store store;
    /** Records what the {@code email} channel was asked to send. */
    protected RecordingProvider email;
    /** Records what the {@code sms} channel was asked to send. */
    protected RecordingProvider sms;
    /** Records what the {@code push} channel was asked to send. */
    protected RecordingProvider push;
    /** Records what the {@code chat} channel was asked to send. */
    protected RecordingProvider chat;
    private final List<Notifier> notifiers = new ArrayList<>();

    /** For the suites of this package; a store's test class extends one of them. */
    ContractTestBase() {}

    /**
     * The store under test, new and empty; called once before each test and closed after it.
     *
     * @return a new, empty store
     */
    protected abstract Store newStore();

    @BeforeEach
    void setUpContractBase() {
        kit = TestKit.create();
        store = newStore();
        email = RecordingProvider.of(ChannelType.EMAIL);
        sms = RecordingProvider.of(ChannelType.SMS);
        push = RecordingProvider.of(ChannelType.PUSH);
        chat = RecordingProvider.of(ChannelType.CHAT);
    }

    @AfterEach
    void tearDownContractBase() {
        notifiers.forEach(Notifier::close);
        notifiers.clear();
        store.close();
    }

    /**
     * A builder on this test's store and kit, with every test channel registered (no retries' jitter).
     *
     * @return a new builder; pass what it builds to {@link #track} so that it is closed after the test
     */
    protected Notifier.Builder builder() {
        RetryPolicy retry = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(1), 0);
        return Notifier.builder()
                .store(store)
                .testKit(kit)
                .channel("in-app", InAppFeedChannel.create())
                .channel("email", retry, email)
                .channel("sms", retry, sms)
                .channel("push", retry, push)
                .channel("chat", retry, chat);
    }

    /**
     * A notifier from {@link #builder()} with these workflows, closed after the test.
     *
     * @param workflows the workflows to register
     * @return the built notifier
     */
    protected Notifier notifier(Workflow... workflows) {
        Notifier.Builder b = builder();
        for (Workflow w : workflows) b.workflow(w);
        return track(b.build());
    }

    /**
     * Closes {@code n} after the test.
     *
     * @param n a notifier the test built
     * @return {@code n}
     */
    protected Notifier track(Notifier n) {
        notifiers.add(n);
        return n;
    }

    /**
     * A user with a capitalized name and an email address at example.com.
     *
     * @param id the user id
     * @return the user, not yet identified to any notifier
     */
    protected static User user(String id) {
        return User.builder(id).name(capitalize(id)).email(id + "@example.com").build();
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * The outcomes of a run's log, in order.
     *
     * @param n the notifier
     * @param runId the run
     * @return the outcomes of its log entries
     */
    protected static List<RunLogEntry.Outcome> outcomes(Notifier n, String runId) {
        return n.runs().log(runId).stream().map(RunLogEntry::outcome).toList();
    }

    /**
     * The one run of a trigger.
     *
     * @param n the notifier
     * @param triggerId the trigger
     * @return its run
     * @throws AssertionError if the trigger has not exactly one run
     */
    protected static WorkflowRun onlyRun(Notifier n, String triggerId) {
        List<WorkflowRun> runs = n.runs().ofTrigger(triggerId, 10);
        if (runs.size() != 1) throw new AssertionError("expected one run, found " + runs);
        return runs.get(0);
    }
}
