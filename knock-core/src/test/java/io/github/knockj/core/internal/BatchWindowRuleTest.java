package io.github.knockj.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.spi.BatchActivity;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.BatchRequest.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a join moves or closes its batch, decided once for every store from what it read under the batch's lock. */
class BatchWindowRuleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static BatchRequest join(Instant now, Duration sliding, int maxActivities) {
        return new BatchRequest("k", new BatchActivity("R1", null, Map.of(), now), now, now.plusSeconds(60), sliding,
                sliding == null ? null : now.plusSeconds(300), maxActivities, false, "J1", "p");
    }

    @Test
    void aFixedWindowKeepsItsCloseWhateverTheCount() {
        BatchRequest r = join(T0.plusSeconds(30), null, 0);
        assertThat(r.movesWindow()).isFalse();
        for (int count : new int[] {0, 1, 2, 1000}) {
            assertThat(r.afterJoin(T0.plusSeconds(60), null, count)).isEqualTo(new Window(T0.plusSeconds(60), false));
        }
    }

    @Test
    void aSlidingWindowMovesOnEveryActivityAfterTheFirstButNeverEarlierNorPastItsCap() {
        Instant max = T0.plusSeconds(120);
        BatchRequest at50 = join(T0.plusSeconds(50), Duration.ofSeconds(60), 0);
        assertThat(at50.movesWindow()).isTrue();
        assertThat(at50.afterJoin(T0.plusSeconds(60), max, 1)).isEqualTo(new Window(T0.plusSeconds(60), false));
        assertThat(at50.afterJoin(T0.plusSeconds(60), max, 2)).isEqualTo(new Window(T0.plusSeconds(110), false));
        assertThat(join(T0.plusSeconds(100), Duration.ofSeconds(60), 0).afterJoin(T0.plusSeconds(110), max, 3))
                .isEqualTo(new Window(max, false));
        // a later close than the slide would give is kept
        assertThat(at50.afterJoin(T0.plusSeconds(115), max, 3)).isEqualTo(new Window(T0.plusSeconds(115), false));
        // without a cap it slides freely
        assertThat(at50.afterJoin(T0.plusSeconds(60), null, 2)).isEqualTo(new Window(T0.plusSeconds(110), false));
    }

    @Test
    void theBatchClosesAtOnceWhenItHoldsMaxActivities() {
        BatchRequest r = join(T0.plusSeconds(2), null, 3);
        assertThat(r.movesWindow()).isTrue();
        assertThat(r.afterJoin(T0.plusSeconds(60), null, 2)).isEqualTo(new Window(T0.plusSeconds(60), false));
        assertThat(r.afterJoin(T0.plusSeconds(60), null, 3)).isEqualTo(new Window(T0.plusSeconds(2), true));
        assertThat(r.afterJoin(T0.plusSeconds(60), null, 4)).isEqualTo(new Window(T0.plusSeconds(2), true));
        // the limit wins over a slide in the same join
        assertThat(join(T0.plusSeconds(2), Duration.ofSeconds(60), 3).afterJoin(T0.plusSeconds(60), T0.plusSeconds(300), 3))
                .isEqualTo(new Window(T0.plusSeconds(2), true));
    }
}
