package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.knockj.core.Message;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.SendWindow;
import io.github.knockj.core.Steps;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The steps that wait, driven by the test kit's clock on the store under test: delays (fixed, until
 * a timestamp, skipped), batches and digests (windows, sliding windows, maximum activities, flush
 * leading, window from data), throttles, recipient budgets, send windows, cancellation of waiting
 * and batched runs, runs that survive a restart, jobs whose lease runs out, and runs whose
 * workflow is no longer registered.
 *
 * <p>A store certifies by extending this class and implementing {@link #newStore()}.
 *
 * <p>Roles certified (the suites are not split by role yet): chiefly
 * {@link io.github.knockj.core.spi.BatchStore BatchStore},
 * {@link io.github.knockj.core.spi.ThrottleStore ThrottleStore},
 * {@link io.github.knockj.core.spi.RunStore RunStore} (cancellation of waiting and batched runs)
 * and {@link io.github.knockj.core.spi.JobQueue JobQueue} (delays as due times, leases that run
 * out, restarts).
 */
public abstract class TimeFunctionsContractTest extends ContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected TimeFunctionsContractTest() {}

    static Workflow digest(java.util.function.UnaryOperator<io.github.knockj.core.BatchStep> batchConfig) {
        return Workflow.builder("comments")
                .step(batchConfig.apply(Steps.batch("collect").window(Duration.ofMinutes(10)).key("{{ data.post_id }}")))
                .step(Steps.channel("mail", "email")
                        .subject("{% if total_activities == 1 %}{{ activities[0].actor.name }} commented{% else %}"
                                + "{{ activities[0].actor.name }} and {{ total_activities | minus: 1 }} others commented{% endif %} on {{ data.post }}")
                        .text("{% for a in activities %}{{ a.actor.name }}: {{ a.data.comment }}\n{% endfor %}"))
                .build();
    }

    private Notifier digestNotifier(java.util.function.UnaryOperator<io.github.knockj.core.BatchStep> batchConfig) {
        Notifier n = notifier(digest(batchConfig));
        n.users().identifyAll(List.of(user("ada"), user("bob"), user("cy"), user("dee"), user("eve"), user("owner")));
        return n;
    }

    private TriggerResult comment(Notifier n, String actor, String postId, String text) {
        return n.trigger("comments").recipients("owner").actor(actor)
                .data(Map.of("post_id", postId, "post", "Post " + postId, "comment", text)).send();
    }

    // ---------------------------------------------------------------- delay

    @Test
    void fixedDelayPausesTheRunUntilItsTime() {
        Notifier n = notifier(Workflow.builder("w").step(Steps.delay("wait", Duration.ofMinutes(15))).step(Steps.channel("mail", "email").subject("later")).build());
        n.users().identify(user("ada"));
        TriggerResult r = n.trigger("w").recipients("ada").send();
        kit.runDue();
        assertThat(onlyRun(n, r.triggerId()).status()).isEqualTo(RunStatus.PAUSED);
        kit.advance(Duration.ofMinutes(14));
        assertThat(email.sent()).isEmpty();
        kit.advance(Duration.ofMinutes(1));
        assertThat(email.sent()).hasSize(1);
        assertThat(onlyRun(n, r.triggerId()).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(outcomes(n, onlyRun(n, r.triggerId()).id())).containsExactly(Outcome.DELAYED, Outcome.MESSAGE_QUEUED, Outcome.RUN_COMPLETED);
    }

    @Test
    void delayUntilATimestampInDataAndRelativeToIt() {
        Notifier n = notifier(Workflow.builder("reminder")
                .step(Steps.delay("before").relativeTo("data.starts_at", Duration.ofHours(-1)))
                .step(Steps.channel("soon", "email").subject("starts in an hour"))
                .step(Steps.delay("at").until("data.starts_at"))
                .step(Steps.channel("now", "email").subject("starting"))
                .build());
        n.users().identify(user("ada"));
        Instant starts = kit.now().plus(Duration.ofHours(3));
        n.trigger("reminder").recipients("ada").data(Map.of("starts_at", starts.toString())).send();
        kit.advance(Duration.ofMinutes(119));
        assertThat(email.sent()).isEmpty();
        kit.advance(Duration.ofMinutes(1));
        assertThat(email.sentContent("subject")).containsExactly("starts in an hour");
        kit.advance(Duration.ofMinutes(60));
        assertThat(email.sentContent("subject")).containsExactly("starts in an hour", "starting");
    }

    @Test
    void missingOrInvalidOrPastTimestampsSkipTheDelayWithAReason() {
        Notifier n = notifier(Workflow.builder("w").step(Steps.delay("wait").until("data.at")).step(Steps.channel("mail", "email").subject("x")).build());
        n.users().identify(user("ada"));
        TriggerResult missing = n.trigger("w").recipients("ada").send();
        TriggerResult invalid = n.trigger("w").recipients("ada").data(Map.of("at", "next tuesday")).send();
        TriggerResult past = n.trigger("w").recipients("ada").data(Map.of("at", "2020-01-01T00:00:00Z")).send();
        kit.runDue();
        assertThat(email.sent()).hasSize(3);
        assertThat(n.runs().log(onlyRun(n, missing.triggerId()).id()).get(0).detail()).contains("no timestamp at 'data.at'");
        assertThat(n.runs().log(onlyRun(n, invalid.triggerId()).id()).get(0).detail()).contains("not a timestamp: next tuesday");
        assertThat(n.runs().log(onlyRun(n, past.triggerId()).id()).get(0).detail()).contains("already passed");
    }

    @Test
    void skipDelaysRunsStraightThrough() {
        Notifier n = notifier(Workflow.builder("w").step(Steps.delay("wait", Duration.ofDays(2))).step(Steps.channel("mail", "email").subject("x")).build());
        n.users().identify(user("ada"));
        n.trigger("w").recipients("ada").skipDelays().send();
        kit.runDue();
        assertThat(email.sent()).hasSize(1);
    }

    @Test
    void aPausedRunSurvivesARestartAndResumesOnTime() {
        Workflow w = Workflow.builder("w").step(Steps.delay("wait", Duration.ofHours(1))).step(Steps.channel("mail", "email").subject("after restart")).build();
        Notifier first = notifier(w);
        first.users().identify(user("ada"));
        first.trigger("w").recipients("ada").send();
        kit.runDue();
        first.close();
        kit = io.github.knockj.core.TestKit.startingAt(kit.now());
        Notifier second = notifier(w);
        kit.advance(Duration.ofMinutes(59));
        assertThat(email.sent()).isEmpty();
        kit.advance(Duration.ofMinutes(1));
        assertThat(email.sentContent("subject")).containsExactly("after restart");
    }

    @Test
    void advanceRecoversJobsWhoseLeaseRunsOutDuringTheAdvance() {
        // a job a node claimed and never committed (its commit failed, or the node died) is due again at its lease end
        Notifier n = notifier(Workflow.builder("w").step(Steps.channel("mail", "email").subject("recovered")).build());
        n.users().identify(user("ada"));
        TriggerResult r = n.trigger("w").recipients("ada").send();
        Instant leaseEnd = kit.now().plus(Duration.ofMinutes(2));
        assertThat(store.claimJobs("a-node-that-died", kit.now(), leaseEnd, 100)).isNotEmpty();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> kit.advance(Duration.ofMinutes(5)));
        assertThat(email.sentContent("subject")).containsExactly("recovered");
        assertThat(onlyRun(n, r.triggerId()).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(store.countJobs()).isZero();
    }

    @Test
    void aPausedRunWhoseWorkflowIsNoLongerRegisteredEndsFailedSayingSo() {
        Workflow w = Workflow.builder("w").step(Steps.delay("wait", Duration.ofHours(1))).step(Steps.channel("mail", "email").subject("never")).build();
        Notifier first = notifier(w);
        first.users().identify(user("ada"));
        TriggerResult r = first.trigger("w").recipients("ada").send();
        kit.runDue();
        Notifier second = restartWithoutItsWorkflows(first);
        kit.advance(Duration.ofHours(2));
        assertEndedFailedAsUnregistered(second, r.triggerId(), "w");
    }

    /** Closes {@code first} and builds a Notifier on the same store and a new kit, with only an unrelated workflow. */
    private Notifier restartWithoutItsWorkflows(Notifier first) {
        first.close();
        kit = io.github.knockj.core.TestKit.startingAt(kit.now());
        return notifier(Workflow.builder("other").step(Steps.channel("mail", "email").subject("other")).build());
    }

    /** The trigger's one run FAILED saying its workflow is not registered, and nothing is left to retry. */
    private void assertEndedFailedAsUnregistered(Notifier n, String triggerId, String workflow) {
        WorkflowRun run = onlyRun(n, triggerId);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(n.runs().log(run.id())).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.RUN_FAILED);
            assertThat(e.detail()).isEqualTo("workflow '" + workflow + "' is not registered in this Notifier");
        });
        assertThat(store.countJobs()).isZero(); // no retry loop
        assertThat(email.sent()).isEmpty();
    }

    @Test
    void aRunHoldingABatchOfAWorkflowNoLongerRegisteredEndsFailedWhenTheBatchCloses() {
        Notifier first = digestNotifier(b -> b);
        TriggerResult holder = comment(first, "ada", "p1", "first!");
        kit.runDue();
        comment(first, "bob", "p1", "second");
        kit.runDue();
        Notifier second = restartWithoutItsWorkflows(first);
        kit.advance(Duration.ofMinutes(20));
        assertEndedFailedAsUnregistered(second, holder.triggerId(), "comments");
    }

    // ---------------------------------------------------------------- escalation

    @Test
    void escalationReadsTheInAppStatusWhenTheStepRuns() {
        Notifier n = notifier(Workflow.builder("escalate")
                .step(Steps.channel("feed", "in-app").body("You were mentioned"))
                .step(Steps.delay("wait", Duration.ofMinutes(30)))
                .step(Steps.channel("mail", "email").subject("You were mentioned")
                        .when(ctx -> ctx.message("feed").map(m -> !m.isSeen()).orElse(true)))
                .build());
        n.users().identifyAll(List.of(user("ada"), user("bob")));
        n.trigger("escalate").recipients("ada", "bob").send();
        kit.runDue();
        kit.advance(Duration.ofMinutes(10));
        n.feed("ada", "in-app").markAllSeen();
        kit.advance(Duration.ofMinutes(20));
        assertThat(email.sent()).extracting(m -> m.recipient().id()).containsExactly("bob");
    }

    // ---------------------------------------------------------------- batch

    @Test
    void digestCollectsCommentsIntoOneMessageWhenTheWindowCloses() {
        Notifier n = digestNotifier(b -> b);
        TriggerResult first = comment(n, "ada", "p1", "first!");
        kit.advance(Duration.ofMinutes(1));
        for (String actor : List.of("bob", "cy", "dee", "eve")) {
            comment(n, actor, "p1", actor + " agrees");
            kit.advance(Duration.ofMinutes(1));
        }
        assertThat(email.sent()).isEmpty();
        kit.advance(Duration.ofMinutes(5));
        assertThat(email.sentContent("subject")).containsExactly("Ada and 4 others commented on Post p1");
        assertThat(email.sentContent("text").get(0)).startsWith("Ada: first!\nBob: bob agrees\n");
        WorkflowRun holder = onlyRun(n, first.triggerId());
        assertThat(holder.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(outcomes(n, holder.id())).containsExactly(Outcome.BATCH_OPENED, Outcome.BATCH_FLUSHED, Outcome.MESSAGE_QUEUED, Outcome.RUN_COMPLETED);
        Message m = n.runs().messages(holder.id()).get(0);
        assertThat(m.data()).containsEntry("total_activities", 5).containsEntry("total_actors", 5);
    }

    @Test
    void absorbedRunsEndAndAnotherKeyBatchesSeparately() {
        Notifier n = digestNotifier(b -> b);
        comment(n, "ada", "p1", "a");
        TriggerResult joined = comment(n, "bob", "p1", "b");
        comment(n, "cy", "p2", "c");
        kit.runDue();
        assertThat(onlyRun(n, joined.triggerId()).status()).isEqualTo(RunStatus.ABSORBED);
        kit.advance(Duration.ofMinutes(10));
        assertThat(email.sentContent("subject")).containsExactlyInAnyOrder("Cy commented on Post p2", "Ada and 1 others commented on Post p1");
        // a comment after the close opens a new batch
        comment(n, "dee", "p1", "d");
        kit.advance(Duration.ofMinutes(10));
        assertThat(email.sentContent("subject")).contains("Dee commented on Post p1");
    }

    @Test
    void lastActivitiesShowsTheMostRecentOnes() {
        Notifier n = digestNotifier(b -> b.lastActivities(2));
        for (String actor : List.of("ada", "bob", "cy")) comment(n, actor, "p1", actor);
        kit.advance(Duration.ofMinutes(10));
        assertThat(email.sentContent("text")).containsExactly("Bob: bob\nCy: cy\n");
    }

    @Test
    void maxActivitiesFlushesAtOnce() {
        Notifier n = digestNotifier(b -> b.maxActivities(3));
        for (String actor : List.of("ada", "bob", "cy", "dee")) comment(n, actor, "p1", actor);
        kit.runDue();
        assertThat(email.sentContent("subject")).containsExactly("Ada and 2 others commented on Post p1");
        kit.advance(Duration.ofMinutes(10));
        assertThat(email.sentContent("subject")).containsExactly("Ada and 2 others commented on Post p1", "Dee commented on Post p1");
    }

    @Test
    void slidingWindowWaitsForQuietButNotBeyondItsMaximum() {
        Notifier n = digestNotifier(b -> b.window(Duration.ofMinutes(5)).sliding(Duration.ofMinutes(12)));
        comment(n, "ada", "p1", "a");
        kit.advance(Duration.ofMinutes(4));
        comment(n, "bob", "p1", "b"); // close moves to minute 9
        kit.advance(Duration.ofMinutes(4));
        comment(n, "cy", "p1", "c"); // would move to 13, capped at 12
        kit.advance(Duration.ofMinutes(3)); // minute 11
        assertThat(email.sent()).isEmpty();
        kit.advance(Duration.ofMinutes(1)); // minute 12
        assertThat(email.sentContent("subject")).containsExactly("Ada and 2 others commented on Post p1");
    }

    @Test
    void flushLeadingItemSendsTheFirstAtOnceAndBatchesTheRest() {
        Notifier n = digestNotifier(b -> b.flushLeadingItem());
        comment(n, "ada", "p1", "a");
        kit.runDue();
        assertThat(email.sentContent("subject")).containsExactly("Ada commented on Post p1");
        comment(n, "bob", "p1", "b");
        comment(n, "cy", "p1", "c");
        kit.advance(Duration.ofMinutes(10));
        assertThat(email.sentContent("subject")).containsExactly("Ada commented on Post p1", "Bob and 1 others commented on Post p1");
        // a leading item alone sends nothing more at the close
        comment(n, "dee", "p9", "d");
        kit.advance(Duration.ofMinutes(10));
        assertThat(email.sentContent("subject")).hasSize(3).last().isEqualTo("Dee commented on Post p9");
    }

    @Test
    void windowFromDataAndInvalidWindowSkipsTheBatch() {
        Notifier n = notifier(Workflow.builder("w")
                .step(Steps.batch("collect").windowFrom("data.window"))
                .step(Steps.channel("mail", "email").subject("{{ total_activities }}"))
                .build());
        n.users().identify(user("ada"));
        n.trigger("w").recipients("ada").data(Map.of("window", "PT2M")).send();
        n.trigger("w").recipients("ada").data(Map.of("window", "PT2M")).send();
        kit.advance(Duration.ofMinutes(2));
        assertThat(email.sentContent("subject")).containsExactly("2");
        n.trigger("w").recipients("ada").data(Map.of("window", "soon")).send();
        kit.runDue();
        assertThat(email.sentContent("subject")).containsExactly("2", "1");
    }

    // ---------------------------------------------------------------- throttle and budget

    @Test
    void throttleLetsNRunsPerWindowThroughAndStopsTheRest() {
        Notifier n = notifier(Workflow.builder("alerts")
                .step(Steps.throttle("limit").limit(2).window(Duration.ofHours(1)).key("{{ data.service }}"))
                .step(Steps.channel("mail", "email").subject("{{ data.service }} down"))
                .build());
        n.users().identify(user("ada"));
        TriggerResult[] rs = new TriggerResult[4];
        for (int i = 0; i < 3; i++) rs[i] = n.trigger("alerts").recipients("ada").data(Map.of("service", "db")).send();
        rs[3] = n.trigger("alerts").recipients("ada").data(Map.of("service", "web")).send();
        kit.runDue();
        assertThat(email.sentContent("subject")).containsExactlyInAnyOrder("db down", "db down", "web down");
        WorkflowRun stopped = n.runs().ofTrigger(rs[2].triggerId(), 1).get(0);
        assertThat(stopped.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(outcomes(n, stopped.id())).containsExactly(Outcome.THROTTLED);
        kit.advance(Duration.ofHours(1));
        n.trigger("alerts").recipients("ada").data(Map.of("service", "db")).send();
        kit.runDue();
        assertThat(email.sent()).hasSize(4);
    }

    @Test
    void recipientBudgetCapsNotificationsAcrossWorkflowsButNotRequiredOnes() {
        Workflow a = Workflow.builder("a").step(Steps.channel("mail", "email").subject("a")).build();
        Workflow b = Workflow.builder("b").step(Steps.channel("mail", "email").subject("b")).build();
        Workflow sec = Workflow.builder("sec").required().step(Steps.channel("mail", "email").subject("security")).build();
        Notifier n = track(builder().recipientBudget(3, Duration.ofHours(1)).workflow(a).workflow(b).workflow(sec).build());
        n.users().identify(user("ada"));
        TriggerResult last = null;
        for (int i = 0; i < 3; i++) {
            n.trigger("a").recipients("ada").send();
            last = n.trigger("b").recipients("ada").send();
        }
        n.trigger("sec").recipients("ada").send();
        kit.runDue();
        assertThat(email.sentContent("subject")).hasSize(4).contains("security");
        assertThat(onlyRun(n, last.triggerId()).status()).isEqualTo(RunStatus.STOPPED);
        assertThat(outcomes(n, onlyRun(n, last.triggerId()).id())).containsExactly(Outcome.BUDGET_EXHAUSTED);
    }

    // ---------------------------------------------------------------- send windows

    @Test
    void sendWindowHoldsTheMessageUntilItOpensInTheRecipientsTimeZone() {
        Notifier n = notifier(Workflow.builder("w")
                .step(Steps.channel("mail", "email").subject("good morning").sendWindow(SendWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0))))
                .build());
        // 09:00 UTC on Monday is 01:00 in Los Angeles: the window opens at 17:00 UTC
        n.users().identify(User.builder("ada").email("ada@example.com").timezone("America/Los_Angeles").build());
        n.users().identify(User.builder("bob").email("bob@example.com").timezone("Europe/Berlin").build());
        TriggerResult r = n.trigger("w").recipients("ada", "bob").send();
        kit.runDue();
        assertThat(email.sent()).extracting(m -> m.recipient().id()).containsExactly("bob");
        kit.advance(Duration.ofHours(7).plusMinutes(59));
        assertThat(email.sent()).hasSize(1);
        kit.advance(Duration.ofMinutes(1));
        assertThat(email.sent()).extracting(m -> m.recipient().id()).containsExactly("bob", "ada");
        WorkflowRun adaRun = n.runs().ofTrigger(r.triggerId(), 2).stream().filter(x -> x.recipient().id().equals("ada")).findFirst().orElseThrow();
        assertThat(n.runs().log(adaRun.id()).get(0).detail()).contains("America/Los_Angeles").contains("2026-01-05T17:00:00Z");
    }

    // ---------------------------------------------------------------- cancellation

    @Test
    void cancelStopsRunsPausedInADelay() {
        Notifier n = notifier(Workflow.builder("w").step(Steps.delay("wait", Duration.ofMinutes(10))).step(Steps.channel("mail", "email").subject("x")).build());
        n.users().identifyAll(List.of(user("ada"), user("bob")));
        n.trigger("w").recipients("ada", "bob").cancellationKey("order-1").send();
        kit.runDue();
        assertThat(n.cancel("w", "order-1", "ada")).extracting(r -> r.recipient().id()).containsExactly("ada");
        kit.advance(Duration.ofMinutes(10));
        assertThat(email.sent()).extracting(m -> m.recipient().id()).containsExactly("bob");
    }

    @Test
    void cancellingABatchedRunRemovesItsActivityAndAnEmptiedBatchSendsNothing() {
        Notifier n = digestNotifier(b -> b);
        n.trigger("comments").recipients("owner").actor("ada").cancellationKey("c1").data(Map.of("post_id", "p1", "post", "Post p1", "comment", "a")).send();
        n.trigger("comments").recipients("owner").actor("bob").cancellationKey("c2").data(Map.of("post_id", "p1", "post", "Post p1", "comment", "b")).send();
        n.trigger("comments").recipients("owner").actor("cy").cancellationKey("c3").data(Map.of("post_id", "p2", "post", "Post p2", "comment", "c")).send();
        kit.runDue();
        n.cancel("comments", "c1"); // the holder: bob's run carries the batch now
        n.cancel("comments", "c3"); // the only activity of p2's batch
        kit.advance(Duration.ofMinutes(10));
        assertThat(email.sentContent("subject")).containsExactly("Bob commented on Post p1");
    }

    @Test
    void aCancelJustBeforeItsTriggerIsProcessedIsHonoured() {
        Notifier n = notifier(Workflow.builder("w").step(Steps.channel("mail", "email").subject("x")).build());
        n.users().identify(user("ada"));
        TriggerResult r = n.trigger("w").recipients("ada").cancellationKey("k").send();
        n.cancel("w", "k"); // nothing to cancel yet: the trigger's runs do not exist
        kit.runDue();
        assertThat(email.sent()).isEmpty();
        assertThat(onlyRun(n, r.triggerId()).status()).isEqualTo(RunStatus.CANCELLED);
        // outside the window a new trigger with the key is not affected
        kit.advance(Duration.ofMinutes(1));
        n.trigger("w").recipients("ada").cancellationKey("k").send();
        kit.runDue();
        assertThat(email.sent()).hasSize(1);
    }
}
