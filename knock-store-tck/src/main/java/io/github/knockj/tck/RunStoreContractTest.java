package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.CommitResult;
import io.github.knockj.core.spi.JobKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Certifies {@link io.github.knockj.core.spi.RunStore RunStore}, method by method, without an engine:
 * runs inserted only if absent and updated only on the expected version (a losing writer's messages
 * are not written), runs of a trigger paged in id order, and cancellation by key: active and paused
 * runs of the key stopped with their pending jobs, the cancellation recorded and found by time.
 *
 * <p>It also needs {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore}, {@link
 * io.github.knockj.core.spi.JobQueue JobQueue} to set up and read back state. A store certifies this
 * role by extending this class and implementing {@link #newStore()}; see {@link RoleContractTestBase}
 * for the fixtures.
 */
public abstract class RunStoreContractTest extends RoleContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected RunStoreContractTest() {}

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
}
