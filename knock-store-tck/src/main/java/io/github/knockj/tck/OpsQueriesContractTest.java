package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageQuery;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RunQuery;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.Steps;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.DeliveryResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The lists an operator's console reads across recipients: {@link io.github.knockj.core.spi.RunStore#listRuns}
 * and {@link io.github.knockj.core.spi.MessageStore#listMessages}, newest first by id (to the
 * millisecond of the trigger for runs, whose ids are derived), filtered by
 * status and workflow or channel, paged by the last id of the previous page, and following status
 * changes.
 *
 * <p>A store certifies by extending this class and implementing {@link #newStore()}.
 */
public abstract class OpsQueriesContractTest extends ContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected OpsQueriesContractTest() {}

    /**
     * Five runs of two workflows, one trigger each, in this order: welcome for ada, bob, cy (bob's
     * email is refused for good), then a workflow whose template fails in strict mode for dee and eve.
     */
    private Notifier fiveRuns() {
        email.answering(m -> m.recipient().id().equals("bob") ? DeliveryResult.permanent("550 no such mailbox") : DeliveryResult.delivered(null));
        Notifier n = track(builder().strictTemplates(true)
                .workflow(Workflow.builder("welcome").step(Steps.channel("mail", "email").subject("Hi {{ recipient.name }}")).build())
                .workflow(Workflow.builder("broken").step(Steps.channel("mail", "email").subject("{{ data.missing }}")).build())
                .build());
        n.users().identifyAll(List.of(user("ada"), user("bob"), user("cy"), user("dee"), user("eve")));
        for (String who : List.of("ada", "bob", "cy")) n.trigger("welcome").recipients(who).send();
        for (String who : List.of("dee", "eve")) n.trigger("broken").recipients(who).data(Map.of("x", 1)).send();
        kit.runDue();
        return n;
    }

    private static <T> List<String> ids(List<T> items, Function<T, String> id) {
        return items.stream().map(id).toList();
    }

    private static <T> void assertNewestFirst(List<T> items, Function<T, String> id) {
        assertThat(ids(items, id)).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void runsAreListedNewestFirstAcrossRecipientsAndTriggers() {
        fiveRuns();
        List<WorkflowRun> runs = store.listRuns(RunQuery.newest());
        assertThat(runs).hasSize(5);
        assertNewestFirst(runs, WorkflowRun::id);
        assertThat(runs).extracting(r -> r.recipient().id()).containsExactlyInAnyOrder("eve", "dee", "cy", "bob", "ada");
    }

    @Test
    void runsAreFilteredByStatusAndByWorkflow() {
        fiveRuns();
        List<WorkflowRun> failed = store.listRuns(RunQuery.newest().withStatus(RunStatus.FAILED));
        assertThat(failed).extracting(r -> r.recipient().id()).containsExactlyInAnyOrder("eve", "dee");
        assertNewestFirst(failed, WorkflowRun::id);
        List<WorkflowRun> welcome = store.listRuns(RunQuery.newest().withWorkflow("welcome"));
        assertThat(welcome).extracting(r -> r.recipient().id()).containsExactlyInAnyOrder("cy", "bob", "ada");
        assertNewestFirst(welcome, WorkflowRun::id);
        assertThat(store.listRuns(RunQuery.newest().withWorkflow("welcome").withStatus(RunStatus.COMPLETED))).hasSize(3);
        assertThat(store.listRuns(RunQuery.newest().withWorkflow("broken").withStatus(RunStatus.COMPLETED))).isEmpty();
        assertThat(store.listRuns(RunQuery.newest().withWorkflow("unknown"))).isEmpty();
    }

    @Test
    void runPagesFollowTheLastIdOfThePreviousPageWithoutGapsOrRepeats() {
        fiveRuns();
        List<String> all = ids(store.listRuns(RunQuery.newest()), WorkflowRun::id);
        List<String> paged = new ArrayList<>();
        RunQuery q = RunQuery.newest().withLimit(2);
        List<WorkflowRun> page = store.listRuns(q);
        List<Integer> sizes = new ArrayList<>();
        while (!page.isEmpty()) {
            sizes.add(page.size());
            paged.addAll(ids(page, WorkflowRun::id));
            page = store.listRuns(q.withBefore(page.get(page.size() - 1).id()));
        }
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(paged).isEqualTo(all);
        List<String> failed = ids(store.listRuns(RunQuery.newest().withStatus(RunStatus.FAILED)), WorkflowRun::id);
        assertThat(store.listRuns(RunQuery.newest().withStatus(RunStatus.FAILED).withBefore(failed.get(0))))
                .extracting(WorkflowRun::id).containsExactly(failed.get(1));
    }

    @Test
    void messagesAreListedNewestFirstAndFilteredByDeliveryStatusAndChannel() {
        fiveRuns();
        List<Message> all = store.listMessages(MessageQuery.newest());
        assertThat(all).hasSize(5);
        assertNewestFirst(all, Message::id);
        assertThat(store.listMessages(MessageQuery.newest().withStatus(DeliveryStatus.UNDELIVERED)))
                .extracting(m -> m.recipient().id()).containsExactly("bob");
        assertThat(store.listMessages(MessageQuery.newest().withStatus(DeliveryStatus.NOT_SENT)))
                .extracting(m -> m.recipient().id()).containsExactlyInAnyOrder("eve", "dee");
        assertThat(store.listMessages(MessageQuery.newest().withStatus(DeliveryStatus.DELIVERED).withChannel("email")))
                .extracting(m -> m.recipient().id()).containsExactlyInAnyOrder("cy", "ada");
        assertThat(store.listMessages(MessageQuery.newest().withChannel("sms"))).isEmpty();
    }

    @Test
    void messagePagesFollowTheLastIdOfThePreviousPage() {
        fiveRuns();
        List<String> all = ids(store.listMessages(MessageQuery.newest()), Message::id);
        List<String> paged = new ArrayList<>();
        MessageQuery q = MessageQuery.newest().withLimit(3);
        List<Message> page = store.listMessages(q);
        while (!page.isEmpty()) {
            paged.addAll(ids(page, Message::id));
            page = store.listMessages(q.withBefore(page.get(page.size() - 1).id()));
        }
        assertThat(paged).isEqualTo(all);
    }

    @Test
    void theStatusFiltersFollowStatusChanges() {
        email.answering(m -> DeliveryResult.delivered(null));
        Notifier n = notifier(Workflow.builder("welcome").step(Steps.channel("mail", "email").subject("Hi")).build());
        n.users().identify(user("ada"));
        n.trigger("welcome").recipients("ada").send();
        kit.runDue();
        assertThat(store.listRuns(RunQuery.newest().withStatus(RunStatus.COMPLETED))).hasSize(1);
        assertThat(store.listRuns(RunQuery.newest().withStatus(RunStatus.ACTIVE))).isEmpty();
        assertThat(store.listMessages(MessageQuery.newest().withStatus(DeliveryStatus.DELIVERED))).hasSize(1);
        assertThat(store.listMessages(MessageQuery.newest().withStatus(DeliveryStatus.QUEUED))).isEmpty();
    }
}
