package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.RunStatus;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.PurgeRequest;
import io.github.knockj.core.spi.PurgeResult;
import io.github.knockj.core.spi.RetentionKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Certifies {@link io.github.knockj.core.spi.RetentionStore RetentionStore}, method by method, without
 * an engine: purging: old terminal runs with their logs and finished messages deleted, live runs kept;
 * expired idempotency records and old cancellations deleted, at most the limit of each kind per call.
 *
 * <p>It also needs {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore}, {@link
 * io.github.knockj.core.spi.RunStore RunStore}, {@link io.github.knockj.core.spi.MessageStore
 * MessageStore}, {@link io.github.knockj.core.spi.TriggerStore TriggerStore} to set up and read back
 * state. A store certifies this role by extending this class and implementing {@link #newStore()}; see
 * {@link RoleContractTestBase} for the fixtures.
 */
public abstract class RetentionStoreContractTest extends RoleContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected RetentionStoreContractTest() {}

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

    @Test
    void purgeReportsRowsPerKindAndLeavesKindsNotAskedFor() {
        commitRun(run("OLD", "T1", "u1", RunStatus.COMPLETED, 1), true, message("M1", "OLD", "u1", "in-app", null, "wf", T0));
        ChangeSet keys = new ChangeSet("w");
        keys.idempotencyRecords().add(new IdempotencyRecord("k1", "f", "T-k1", T0, T0.plus(Duration.ofHours(24))));
        store.commit(keys);
        store.cancelRuns(new Cancellation("wf", "c1", List.of(), T0), T0);
        Instant cutoff = T0.plus(Duration.ofDays(31));

        PurgeResult onlyRuns = store.purge(new PurgeRequest(Map.of(RetentionKind.RUNS, new PurgeRequest.Bound(cutoff, 10))));
        assertThat(onlyRuns.deleted()).isEqualTo(Map.of(RetentionKind.RUNS, 1));
        assertThat(store.findRun("OLD")).isEmpty();
        assertThat(store.findMessage("M1")).isPresent();
        assertThat(store.findIdempotency("k1", T0.plusSeconds(1))).isPresent();

        PurgeResult early = store.purge(PurgeRequest.everyKind(T0, 10));
        assertThat(early.total()).as("nothing is older than T0").isZero();
        PurgeResult rest = store.purge(PurgeRequest.everyKind(cutoff, 10));
        assertThat(rest.deleted(RetentionKind.MESSAGES)).isEqualTo(1);
        assertThat(rest.deleted(RetentionKind.IDEMPOTENCY_RECORDS)).isEqualTo(1);
        assertThat(rest.deleted(RetentionKind.CANCELLATIONS)).isEqualTo(1);
        assertThat(rest.deleted(RetentionKind.RUNS)).isZero();
    }
}
