package io.github.knockj.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.spi.PurgeRequest;
import io.github.knockj.core.spi.PurgeResult;
import io.github.knockj.core.spi.RetentionKind;
import io.github.knockj.core.spi.Store;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The retention policy is core's: which kinds go, older than what, and how many calls a pass makes. */
class HousekeepingTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void aPassAsksForEveryKindOlderThanTheRetentionInChunks() {
        PurgeRequest r = Housekeeping.policy(NOW, Duration.ofDays(30));
        assertThat(r.kinds().keySet()).containsExactlyInAnyOrder(RetentionKind.values());
        assertThat(r.kinds().values()).allSatisfy(b -> {
            assertThat(b.before()).isEqualTo(NOW.minus(Duration.ofDays(30)));
            assertThat(b.limit()).isEqualTo(Housekeeping.PURGE_CHUNK);
        });
    }

    @Test
    void aPassCallsAgainOnlyForTheKindsThatReachedTheirLimit() {
        List<Set<RetentionKind>> asked = new ArrayList<>();
        Store store = storeAnswering(req -> {
            asked.add(EnumSet.copyOf(req.kinds().keySet()));
            Map<RetentionKind, Integer> deleted = new EnumMap<>(RetentionKind.class);
            // runs fill two chunks and then some; every other kind has less than one chunk
            req.kinds().forEach((k, b) -> deleted.put(k, k == RetentionKind.RUNS && asked.size() <= 2 ? b.limit() : 3));
            return new PurgeResult(deleted);
        });
        int total = Housekeeping.purge(store, PurgeRequest.everyKind(NOW, 10), 100);
        assertThat(asked).containsExactly(EnumSet.allOf(RetentionKind.class), EnumSet.of(RetentionKind.RUNS), EnumSet.of(RetentionKind.RUNS));
        assertThat(total).isEqualTo(10 + 3 * (RetentionKind.values().length - 1) + 10 + 3);
    }

    @Test
    void aPassStopsAfterItsMaximumNumberOfCalls() {
        int[] calls = {0};
        Store store = storeAnswering(req -> {
            calls[0]++;
            return new PurgeResult(Map.of(RetentionKind.MESSAGES, req.bound(RetentionKind.MESSAGES).limit()));
        });
        int total = Housekeeping.purge(store, new PurgeRequest(Map.of(RetentionKind.MESSAGES, new PurgeRequest.Bound(NOW, 5))), 4);
        assertThat(calls[0]).isEqualTo(4);
        assertThat(total).isEqualTo(20);
    }

    @Test
    void aLimitOfZeroIsNotAskedAgain() {
        int[] calls = {0};
        Store store = storeAnswering(req -> {
            calls[0]++;
            return new PurgeResult(Map.of());
        });
        assertThat(Housekeeping.purge(store, PurgeRequest.everyKind(NOW, 0), 100)).isZero();
        assertThat(calls[0]).isEqualTo(1);
    }

    private static Store storeAnswering(Function<PurgeRequest, PurgeResult> purge) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
            if (method.getName().equals("purge") && args.length == 1) return purge.apply((PurgeRequest) args[0]);
            throw new UnsupportedOperationException(method.getName());
        });
    }
}
