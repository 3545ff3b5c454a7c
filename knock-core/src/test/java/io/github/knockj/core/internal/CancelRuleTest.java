package io.github.knockj.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Cancellation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who a cancel stops, decided once for every store from what the store read under its lock. */
class CancelRuleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Cancellation ALL = new Cancellation("wf", "ck", List.of(), T0);

    private static WorkflowRun run(String workflow, String key, String user, RunStatus status) {
        return new WorkflowRun("R1", "T1", workflow, Recipient.user(user), null, null, Map.of(), key, status, null, Map.of(), 0, false,
                T0, T0, 1);
    }

    @Test
    void activeAndPausedRunsOfTheKeyAreStoppedUnlessTheyCarryADigestBeingFlushed() {
        for (RunStatus s : List.of(RunStatus.ACTIVE, RunStatus.PAUSED)) {
            assertThat(CancelRule.stops(ALL, run("wf", "ck", "u1", s), false, false)).isTrue();
            assertThat(CancelRule.stops(ALL, run("wf", "ck", "u1", s), true, false)).isTrue();
            assertThat(CancelRule.stops(ALL, run("wf", "ck", "u1", s), false, true)).isFalse();
        }
    }

    @Test
    void anAbsorbedRunIsStoppedOnlyWhileItsActivityWaitsInAnOpenBatch() {
        assertThat(CancelRule.stops(ALL, run("wf", "ck", "u1", RunStatus.ABSORBED), true, false)).isTrue();
        assertThat(CancelRule.stops(ALL, run("wf", "ck", "u1", RunStatus.ABSORBED), false, false)).isFalse();
        assertThat(CancelRule.stops(ALL, run("wf", "ck", "u1", RunStatus.ABSORBED), false, true)).isFalse();
    }

    @Test
    void endedRunsAreNeverStopped() {
        for (RunStatus s : List.of(RunStatus.COMPLETED, RunStatus.STOPPED, RunStatus.CANCELLED, RunStatus.FAILED)) {
            assertThat(CancelRule.stops(ALL, run("wf", "ck", "u1", s), true, false)).as(s.name()).isFalse();
        }
        assertThat(Cancellation.candidateStatuses()).containsExactlyInAnyOrder(RunStatus.ACTIVE, RunStatus.PAUSED, RunStatus.ABSORBED);
    }

    @Test
    void onlyRunsOfTheWorkflowKeyAndCoveredRecipientsAreStopped() {
        Cancellation some = new Cancellation("wf", "ck", List.of(Recipient.user("u1")), T0);
        assertThat(some.stops(run("wf", "ck", "u1", RunStatus.PAUSED), false, false)).isTrue();
        assertThat(some.stops(run("wf", "ck", "u2", RunStatus.PAUSED), false, false)).isFalse();
        assertThat(ALL.stops(run("other", "ck", "u1", RunStatus.PAUSED), false, false)).isFalse();
        assertThat(ALL.stops(run("wf", "other", "u1", RunStatus.PAUSED), false, false)).isFalse();
        assertThat(ALL.stops(run("wf", null, "u1", RunStatus.PAUSED), false, false)).isFalse();
    }

    @Test
    void theLogEntrySaysWhichKeyCancelledTheRun() {
        assertThat(ALL.logEntry("R7", T0.plusSeconds(1)))
                .isEqualTo(new RunLogEntry("R7", T0.plusSeconds(1), null, RunLogEntry.Outcome.RUN_CANCELLED, "cancelled by key ck"));
    }
}
