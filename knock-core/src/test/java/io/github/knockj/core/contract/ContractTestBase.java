package io.github.knockj.core.contract;

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
 * Base of the engine contract suites: each test gets a fresh store from {@link #newStore()}, a
 * {@link TestKit} clock, and recording providers on channels {@code email}, {@code sms},
 * {@code push}, {@code chat}, plus the in-app feed on {@code in-app}. A store implementation proves
 * itself by extending every {@code *ContractTest} class with its own {@code newStore()}.
 */
public abstract class ContractTestBase {
    protected TestKit kit;
    protected Store store;
    protected RecordingProvider email;
    protected RecordingProvider sms;
    protected RecordingProvider push;
    protected RecordingProvider chat;
    private final List<Notifier> notifiers = new ArrayList<>();

    /** A new, empty store; closed after each test. */
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

    /** A builder on this test's store and kit, with every test channel registered (no retries' jitter). */
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

    protected Notifier notifier(Workflow... workflows) {
        Notifier.Builder b = builder();
        for (Workflow w : workflows) b.workflow(w);
        return track(b.build());
    }

    protected Notifier track(Notifier n) {
        notifiers.add(n);
        return n;
    }

    protected static User user(String id) {
        return User.builder(id).name(capitalize(id)).email(id + "@example.com").build();
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    protected static List<RunLogEntry.Outcome> outcomes(Notifier n, String runId) {
        return n.runs().log(runId).stream().map(RunLogEntry::outcome).toList();
    }

    protected static WorkflowRun onlyRun(Notifier n, String triggerId) {
        List<WorkflowRun> runs = n.runs().ofTrigger(triggerId, 10);
        if (runs.size() != 1) throw new AssertionError("expected one run, found " + runs);
        return runs.get(0);
    }
}
