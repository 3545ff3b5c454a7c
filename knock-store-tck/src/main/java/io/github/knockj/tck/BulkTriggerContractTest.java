package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.IdempotencyConflictException;
import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.NotFoundException;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.PayloadTooLargeException;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.Steps;
import io.github.knockj.core.TriggerRequest;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.UnknownWorkflowException;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowInactiveException;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Store;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Bulk triggers ({@code Notifier.triggerAll}, {@code Notifier.bulkTrigger()}) on the store under
 * test: N triggers in one call make the triggers, runs and messages N single sends make; idempotency
 * keys replay within a call and across calls; one invalid entry fails the call naming it and writes
 * nothing; a key another caller claims between the lookup and the commit replays (or, with other
 * parameters, fails the whole call, nothing written).
 *
 * <p>A store certifies by extending this class and implementing {@link #newStore()}. Roles exercised:
 * {@link io.github.knockj.core.spi.TriggerStore TriggerStore} ({@code findIdempotencyRecords}),
 * {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore} (one commit of many triggers, all or
 * nothing), {@link io.github.knockj.core.spi.RecipientStore RecipientStore}; also
 * {@link io.github.knockj.core.spi.RunStore RunStore}, {@link io.github.knockj.core.spi.JobQueue JobQueue}.
 */
public abstract class BulkTriggerContractTest extends ContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected BulkTriggerContractTest() {}

    private static Workflow comment() {
        return Workflow.builder("new-comment")
                .step(Steps.channel("mail", "email").subject("{{ actor.name }} on {{ data.post }}"))
                .build();
    }

    private static Workflow reminder() {
        return Workflow.builder("reminder")
                .step(Steps.delay("wait", Duration.ofHours(1)))
                .step(Steps.channel("sms", "sms").body("Reminder: {{ data.what }}"))
                .build();
    }

    private static TriggerRequest comment(Notifier n, String recipient, String post) {
        return n.trigger("new-comment").recipients(recipient).actor("cy").data(Map.of("post", post)).request();
    }

    @Test
    void aBulkOfNMakesTheTriggersRunsAndMessagesOfNSingleSends() {
        Notifier n = notifier(comment(), reminder());
        n.users().identifyAll(List.of(user("ada"), user("bob"), user("cy")));
        n.users().identify(User.builder("ada").phoneNumber("+15550000001").build());
        List<TriggerResult> results = n.bulkTrigger()
                .add(n.trigger("new-comment").recipients("ada", "bob").actor("cy").data(Map.of("post", "P1")).tenant("acme"))
                .add(n.trigger("new-comment").recipient(User.builder("dee").name("Dee").email("dee@example.com").build())
                        .actor(User.builder("eve").name("Eve").build()).data(Map.of("post", "P2")))
                .add(n.trigger("reminder").recipients("ada").data(Map.of("what", "later")).cancellationKey("r1"))
                .add(n.trigger("reminder").recipients("ada").data(Map.of("what", "now")).skipDelays())
                .send();
        kit.runDue();

        assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r.replayed()).isFalse());
        assertThat(results).extracting(TriggerResult::triggerId).doesNotHaveDuplicates();
        assertThat(store.findTrigger(results.get(0).triggerId())).get().satisfies(t -> {
            assertThat(t.workflowKey()).isEqualTo("new-comment");
            assertThat(t.tenant()).isEqualTo("acme");
            assertThat(t.actorId()).isEqualTo("cy");
        });
        assertThat(n.runs().ofTrigger(results.get(0).triggerId(), 10)).hasSize(2)
                .allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
                    assertThat(r.tenant()).isEqualTo("acme");
                });
        assertThat(email.sentContent("subject")).containsExactlyInAnyOrder("Cy on P1", "Cy on P1", "Eve on P2");
        assertThat(n.users().get("dee")).get().satisfies(u -> assertThat(u.name()).contains("Dee"));
        assertThat(n.users().get("eve")).isPresent();
        // the delayed reminder waits and is cancelled by its key; the one skipping delays went at once
        assertThat(sms.sentContent("body")).containsExactly("Reminder: now");
        assertThat(onlyRun(n, results.get(2).triggerId()).status()).isEqualTo(RunStatus.PAUSED);
        assertThat(n.cancel("reminder", "r1")).extracting(WorkflowRun::triggerId).containsExactly(results.get(2).triggerId());
        kit.advance(Duration.ofHours(2));
        assertThat(sms.sentContent("body")).containsExactly("Reminder: now");
    }

    @Test
    void idempotencyKeysReplayWithinACallAndAcrossCallsAsSingleSendsDo() {
        Notifier n = notifier(comment());
        n.users().identifyAll(List.of(user("ada"), user("bob"), user("cy")));
        TriggerRequest k1 = n.trigger("new-comment").recipients("ada").actor("cy").data(Map.of("post", "P")).idempotencyKey("k1").request();
        TriggerRequest k2 = n.trigger("new-comment").recipients("bob").actor("cy").data(Map.of("post", "Q")).idempotencyKey("k2").request();
        List<TriggerResult> first = n.triggerAll(List.of(k1, k2, k1));
        assertThat(first.get(0).replayed()).isFalse();
        assertThat(first.get(1).replayed()).isFalse();
        assertThat(first.get(2)).as("the same key later in the call").isEqualTo(new TriggerResult(first.get(0).triggerId(), true));

        TriggerRequest k3 = n.trigger("new-comment").recipients("ada").actor("cy").data(Map.of("post", "R")).idempotencyKey("k3").request();
        List<TriggerResult> second = n.triggerAll(List.of(k2, k3));
        assertThat(second.get(0)).isEqualTo(new TriggerResult(first.get(1).triggerId(), true));
        assertThat(second.get(1).replayed()).isFalse();
        assertThat(n.trigger(k3)).as("a single send replays a bulk entry").isEqualTo(new TriggerResult(second.get(1).triggerId(), true));
        kit.runDue();
        assertThat(email.sent()).hasSize(3);
    }

    @Test
    void aKeyReusedWithOtherParametersFailsTheWholeCallNamingTheEntry() {
        Notifier n = notifier(comment());
        n.users().identifyAll(List.of(user("ada"), user("bob"), user("cy")));
        n.trigger("new-comment").recipients("ada").actor("cy").data(Map.of("post", "P")).idempotencyKey("k1").send();
        kit.runDue();
        email.clear();

        TriggerRequest fresh = n.trigger("new-comment").recipients("bob").actor("cy").data(Map.of("post", "Q")).idempotencyKey("k2").request();
        TriggerRequest other = n.trigger("new-comment").recipients("ada").actor("cy").data(Map.of("post", "other")).idempotencyKey("k1").request();
        assertThatThrownBy(() -> n.triggerAll(List.of(fresh, other))).isInstanceOfSatisfying(IdempotencyConflictException.class, e -> {
            assertThat(e.idempotencyKey()).isEqualTo("k1");
            assertThat(e).hasMessageStartingWith("triggers[1]: ");
        });
        TriggerRequest k2b = n.trigger("new-comment").recipients("bob").actor("cy").data(Map.of("post", "other")).idempotencyKey("k2").request();
        assertThatThrownBy(() -> n.triggerAll(List.of(fresh, k2b))).as("within the call")
                .isInstanceOf(IdempotencyConflictException.class).hasMessageStartingWith("triggers[1]: ");
        assertThat(store.countJobs()).isZero();
        assertThat(n.triggerAll(List.of(fresh)).get(0).replayed()).as("k2 was not spent").isFalse();
    }

    @Test
    void oneInvalidEntryFailsTheCallNamingItAndWritesNothing() {
        Notifier n = track(builder().workflow(comment()).workflow(Workflow.builder("off").active(false)
                .step(Steps.channel("mail", "email").subject("x")).build()).maxPayloadBytes(1_000).build());
        TriggerRequest ok = n.trigger("new-comment").recipient(User.builder("dee").name("Dee").build()).actor("cy")
                .data(Map.of("post", "P")).idempotencyKey("k1").request();
        TriggerRequest noRecipients = n.trigger("new-comment").data(Map.of("post", "P")).request();
        assertThatThrownBy(() -> n.triggerAll(List.of(ok, ok, noRecipients)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("triggers[2].recipients"));
        assertThatThrownBy(() -> n.triggerAll(List.of(ok, n.trigger("nope").recipients("ada").request())))
                .isInstanceOfSatisfying(UnknownWorkflowException.class, e -> {
                    assertThat(e.workflowKey()).isEqualTo("nope");
                    assertThat(e).hasMessage("triggers[1]: unknown workflow 'nope'");
                });
        assertThatThrownBy(() -> n.triggerAll(List.of(ok, n.trigger("off").recipients("ada").request())))
                .isInstanceOf(WorkflowInactiveException.class).hasMessageStartingWith("triggers[1]: ");
        assertThatThrownBy(() -> n.triggerAll(List.of(n.trigger("new-comment").recipients("ada").tenant("t\u0000").request(), ok)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("triggers[0].tenant"));
        assertThatThrownBy(() -> n.triggerAll(List.of(ok, n.trigger("new-comment").recipients("ada").data(Map.of("big", "x".repeat(2_000))).request())))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> assertThat(e.field()).isEqualTo("triggers[1].data"));
        assertThatThrownBy(() -> n.triggerAll(List.of(ok, n.trigger("new-comment").recipient(ObjectRef.of("projects", "ghost")).request())))
                .isInstanceOf(NotFoundException.class).hasMessageStartingWith("triggers[1]: no object 'projects/ghost'");
        assertThatThrownBy(() -> n.triggerAll(java.util.Arrays.asList(ok, null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("triggers[1]"));
        List<TriggerRequest> tooMany = Collections.nCopies(Notifier.MAX_BULK_TRIGGERS + 1, ok);
        assertThatThrownBy(() -> n.triggerAll(tooMany))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("triggers"));

        assertThat(store.countJobs()).isZero();
        assertThat(n.users().get("dee")).as("inline users of a refused call are not identified").isEmpty();
        assertThat(store.findIdempotency("k1", kit.now())).isEmpty();
        assertThat(n.triggerAll(List.of())).isEmpty();
        assertThat(n.triggerAll(List.of(ok)).get(0).replayed()).isFalse();
    }

    @Test
    void aKeyClaimedByAnotherCallerBeforeTheCommitReplaysOrFailsTheWholeCall() {
        // the bulk call's lookup misses the keys, as if another caller claimed them right after it
        AtomicBoolean blind = new AtomicBoolean(true);
        Store racing = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, m, args) -> {
            if (m.getName().equals("findIdempotencyRecords") && blind.get()) return new HashMap<>();
            try {
                return m.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        Notifier n = track(builder().store(racing).workflow(comment()).build());
        n.users().identifyAll(List.of(user("ada"), user("bob"), user("cy")));
        TriggerResult held = n.trigger("new-comment").recipients("ada").actor("cy").data(Map.of("post", "P")).idempotencyKey("k1").send();
        kit.runDue();
        email.clear();

        // other parameters: the whole call fails, nothing of it written
        List<TriggerRequest> conflicting = List.of(comment(n, "bob", "Q"),
                n.trigger("new-comment").recipients("ada").actor("cy").data(Map.of("post", "other")).idempotencyKey("k1").request());
        assertThatThrownBy(() -> n.triggerAll(conflicting)).isInstanceOf(IdempotencyConflictException.class).hasMessageStartingWith("triggers[1]: ");
        assertThat(store.countJobs()).isZero();

        // the same parameters: that entry replays, the others are written
        List<TriggerRequest> same = new ArrayList<>(List.of(comment(n, "bob", "Q"),
                n.trigger("new-comment").recipients("ada").actor("cy").data(Map.of("post", "P")).idempotencyKey("k1").request(),
                comment(n, "ada", "R")));
        List<TriggerResult> results = n.triggerAll(same);
        assertThat(results.get(1)).isEqualTo(new TriggerResult(held.triggerId(), true));
        assertThat(results.get(0).replayed()).isFalse();
        assertThat(results.get(2).replayed()).isFalse();
        kit.runDue();
        assertThat(email.sentContent("subject")).containsExactlyInAnyOrder("Cy on Q", "Cy on R");
    }
}
