package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.DeliveryUpdate;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.RunChanges;
import io.github.knockj.core.spi.TriggerRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Certifies {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore}, method by method, without
 * an engine: one commit writes triggers, runs, messages, message events, run logs and jobs together;
 * delivery updates of many messages apply each, the last of one message winning; a guarded delivery
 * update applies only while its message is in the expected status, and writes its jobs only if it
 * applied.
 *
 * <p>It also needs {@link io.github.knockj.core.spi.TriggerStore TriggerStore}, {@link
 * io.github.knockj.core.spi.RunStore RunStore}, {@link io.github.knockj.core.spi.MessageStore
 * MessageStore}, {@link io.github.knockj.core.spi.JobQueue JobQueue} to set up and read back state. A
 * store certifies this role by extending this class and implementing {@link #newStore()}; see {@link
 * RoleContractTestBase} for the fixtures.
 */
public abstract class ChangeSetStoreContractTest extends RoleContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected ChangeSetStoreContractTest() {}

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
    void aGuardedDeliveryUpdateAppliesOnlyWhileTheMessageIsInItsExpectedStatus() {
        commitRun(run("R1", "T1", "u1", RunStatus.COMPLETED, 1), true, message("M1", "R1", "u1", "email", null, "wf", T0),
                message("M2", "R1", "u1", "sms", null, "wf", T0), message("M3", "R1", "u1", "push", null, "wf", T0));
        ChangeSet cs = new ChangeSet(null);
        // M1 is DELIVERED: an outcome computed from QUEUED does not apply, but its attempt and its event are kept
        cs.deliveries().add(new DeliveryUpdate("M1", DeliveryStatus.SENT, 2, T0.plusSeconds(1), DeliveryStatus.QUEUED));
        cs.events().add(new MessageEvent("M1", T0.plusSeconds(1), "sent", "attempt 2"));
        // M2 is DELIVERED as expected: it applies, and a second update expecting the same status then does not
        cs.deliveries().add(new DeliveryUpdate("M2", DeliveryStatus.BOUNCED, 1, T0.plusSeconds(2), DeliveryStatus.DELIVERED));
        cs.deliveries().add(new DeliveryUpdate("M2", DeliveryStatus.SENT, 1, T0.plusSeconds(3), DeliveryStatus.DELIVERED));
        // an unguarded update applies whatever the status; a guarded one of a message that does not exist is ignored
        cs.deliveries().add(new DeliveryUpdate("M3", DeliveryStatus.QUEUED, 0, T0.plusSeconds(4)));
        cs.deliveries().add(new DeliveryUpdate("nope", DeliveryStatus.SENT, 1, T0.plusSeconds(5), DeliveryStatus.QUEUED));
        assertThat(store.commit(cs).skippedDeliveries()).containsExactlyInAnyOrder("M1", "M2");
        assertThat(store.findMessage("M1").orElseThrow()).satisfies(m -> {
            assertThat(m.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(m.attempts()).as("the attempt happened").isEqualTo(2);
            assertThat(m.updatedAt()).isEqualTo(T0);
        });
        assertThat(store.messageEvents("M1")).containsExactly(new MessageEvent("M1", T0.plusSeconds(1), "sent", "attempt 2"));
        assertThat(store.findMessage("M2").orElseThrow()).satisfies(m -> {
            assertThat(m.status()).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(m.attempts()).isEqualTo(1);
            assertThat(m.updatedAt()).isEqualTo(T0.plusSeconds(2));
        });
        assertThat(store.findMessage("M3").orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);

        ChangeSet lower = new ChangeSet(null);
        lower.deliveries().add(new DeliveryUpdate("M1", DeliveryStatus.SENT, 1, T0.plusSeconds(6), DeliveryStatus.QUEUED));
        assertThat(store.commit(lower).skippedDeliveries()).containsExactly("M1");
        assertThat(store.findMessage("M1").orElseThrow().attempts()).as("a failed guard never lowers the attempt count").isEqualTo(2);
    }

    @Test
    void aDeliveryUpdatesJobsAreWrittenOnlyIfTheUpdateApplied() {
        commitRun(run("R1", "T1", "u1", RunStatus.COMPLETED, 1), true, message("M1", "R1", "u1", "email", null, "wf", T0),
                message("M2", "R1", "u1", "sms", null, "wf", T0), message("M3", "R1", "u1", "push", null, "wf", T0));
        ChangeSet cs = new ChangeSet(null);
        // M1 is DELIVERED: a guarded update expecting QUEUED does not apply, so its notice is not written
        cs.deliveries().add(new DeliveryUpdate("M1", DeliveryStatus.SENT, 1, T0, DeliveryStatus.QUEUED, List.of(job("J1", JobKind.EVENT, "M1", T0))));
        // M2: the first guarded update applies (its job is written), the second, expecting the same status, then does not
        cs.deliveries().add(new DeliveryUpdate("M2", DeliveryStatus.BOUNCED, 1, T0, DeliveryStatus.DELIVERED, List.of(job("J2", JobKind.EVENT, "M2", T0))));
        cs.deliveries().add(new DeliveryUpdate("M2", DeliveryStatus.SENT, 1, T0, DeliveryStatus.DELIVERED, List.of(job("J3", JobKind.EVENT, "M2", T0))));
        // an unguarded update always applies, so its jobs are always written
        cs.deliveries().add(new DeliveryUpdate("M3", DeliveryStatus.QUEUED, 0, T0, null, List.of(job("J4", JobKind.EVENT, "M3", T0))));
        cs.jobs().add(job("J5", JobKind.DELIVER, "M3", T0));
        assertThat(store.commit(cs).skippedDeliveries()).containsExactlyInAnyOrder("M1", "M2");
        assertThat(store.claimJobs("w", T0.plusSeconds(1), T0.plusSeconds(60), 100)).extracting(Job::id).containsExactlyInAnyOrder("J2", "J4", "J5");
        assertThat(store.countJobs()).isEqualTo(3);
    }
}
