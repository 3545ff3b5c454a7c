package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.spi.PurgeRequest;
import io.github.knockj.core.spi.PurgeResult;
import io.github.knockj.core.spi.RetentionKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Certifies {@link io.github.knockj.core.spi.ThrottleStore ThrottleStore}, method by method, without
 * an engine: throttles: admission up to the limit per sliding window, the same answer for a repeated
 * run, and never more than the limit under concurrent acquirers.
 *
 * <p>It needs no other role. A store certifies this role by extending this class and implementing
 * {@link #newStore()}; see {@link RoleContractTestBase} for the fixtures.
 */
public abstract class ThrottleStoreContractTest extends RoleContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected ThrottleStoreContractTest() {}

    @Test
    void throttleAdmitsUpToTheLimitPerWindowAndAnswersRepeatsTheSame() {
        Duration w = Duration.ofMinutes(10);
        assertThat(store.acquireThrottle("k", "R1", T0, w, 2)).isTrue();
        assertThat(store.acquireThrottle("k", "R2", T0.plusSeconds(60), w, 2)).isTrue();
        assertThat(store.acquireThrottle("k", "R3", T0.plusSeconds(120), w, 2)).isFalse();
        assertThat(store.acquireThrottle("k", "R1", T0.plusSeconds(130), w, 2)).isTrue();
        assertThat(store.acquireThrottle("k", "R3", T0.plusSeconds(140), w, 2)).isFalse();
        assertThat(store.acquireThrottle("other", "R3", T0.plusSeconds(140), w, 2)).isTrue();
        // R1 leaves the window at T0 + 10 min
        assertThat(store.acquireThrottle("k", "R4", T0.plus(w).plusSeconds(1), w, 2)).isTrue();
        assertThat(store.acquireThrottle("k", "R5", T0.plus(w).plusSeconds(2), w, 2)).isFalse();
    }

    @Test
    void concurrentThrottleAcquirersNeverExceedTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> fs = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            String run = "R" + i;
            fs.add(pool.submit(() -> store.acquireThrottle("hot", run, T0, Duration.ofHours(1), 5)));
        }
        int admitted = 0;
        for (Future<Boolean> f : fs) if (f.get(30, TimeUnit.SECONDS)) admitted++;
        pool.shutdown();
        assertThat(admitted).isEqualTo(5);
    }

    @Test
    void aThrottleRefusalStandsUntilRetentionPurgesIt() {
        Duration w = Duration.ofMinutes(10);
        assertThat(store.acquireThrottle("k", "R1", T0, w, 1)).isTrue();
        assertThat(store.acquireThrottle("k", "R2", T0.plusSeconds(1), w, 1)).isFalse();
        // R1 has left the window, but R2 asking again (say, re-run after a crash) gets its answer
        assertThat(store.acquireThrottle("k", "R2", T0.plus(w).plusSeconds(5), w, 1)).isFalse();

        PurgeResult purged = store.purge(new PurgeRequest(Map.of(RetentionKind.THROTTLE_REFUSALS,
                new PurgeRequest.Bound(T0.plusSeconds(2), 10))));
        assertThat(purged.deleted(RetentionKind.THROTTLE_REFUSALS)).isEqualTo(1);
        assertThat(purged.total()).isEqualTo(1);
        assertThat(store.acquireThrottle("k", "R2", T0.plus(w).plusSeconds(6), w, 1)).as("counted afresh").isTrue();
        assertThat(store.acquireThrottle("k", "R3", T0.plus(w).plusSeconds(7), w, 1)).isFalse();
    }

    @Test
    void anAdmissionIsCountedAfreshOnceItsWindowHasPassed() {
        Duration w = Duration.ofMinutes(10);
        assertThat(store.acquireThrottle("k", "R1", T0, w, 1)).isTrue();
        assertThat(store.acquireThrottle("k", "R1", T0.plus(w), w, 1)).as("the window is (now - w, now]").isTrue();
        assertThat(store.acquireThrottle("k", "R2", T0.plus(w), w, 1)).as("R1, counted afresh, fills the window").isFalse();
        assertThat(store.acquireThrottle("k", "R1", T0.plus(w).plusSeconds(1), w, 1)).isTrue();
    }

    @Test
    void aThrottleCountsOnlyHitsUpToNow() {
        Duration w = Duration.ofMinutes(10);
        assertThat(store.acquireThrottle("k", "R1", T0.plusSeconds(60), w, 1)).isTrue();
        // a node whose clock is behind does not see a hit made after its now
        assertThat(store.acquireThrottle("k", "R2", T0, w, 1)).isTrue();
        assertThat(store.acquireThrottle("k", "R3", T0.plusSeconds(61), w, 1)).isFalse();
    }

    @Test
    void purgingNeverDeletesAThrottleAdmissionThatStillCounts() {
        Duration quarter = Duration.ofDays(90);
        assertThat(store.acquireThrottle("k", "R1", T0, quarter, 1)).isTrue();
        store.purge(PurgeRequest.everyKind(T0.plus(Duration.ofDays(31)), 100));
        assertThat(store.acquireThrottle("k", "R2", T0.plus(Duration.ofDays(32)), quarter, 1)).isFalse();
        assertThat(store.acquireThrottle("k", "R1", T0.plus(Duration.ofDays(33)), quarter, 1)).isTrue();
    }
}
