package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
}
