package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.IdempotencyKeyTakenException;
import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.TriggerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Certifies {@link io.github.knockj.core.spi.TriggerStore TriggerStore}, method by method, without an
 * engine: idempotency keys: claimed once until they expire, a repeat claim failing with the holder's
 * record and writing nothing, also within one change set and for a change set of many triggers; many
 * keys looked up at once; a trigger's trace context read back as written.
 *
 * <p>It also needs {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore} to set up and read
 * back state. A store certifies this role by extending this class and implementing {@link
 * #newStore()}; see {@link RoleContractTestBase} for the fixtures.
 */
public abstract class TriggerStoreContractTest extends RoleContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected TriggerStoreContractTest() {}

    @Test
    void idempotencyKeysAreClaimedOnceUntilTheyExpire() {
        ChangeSet first = new ChangeSet(null);
        first.idempotencyRecords().add(new IdempotencyRecord("k", "f1", "T1", T0, T0.plus(Duration.ofHours(24))));
        first.triggers().add(trigger("T1"));
        store.commit(first);
        assertThat(store.findIdempotency("k", T0.plusSeconds(1))).hasValue(new IdempotencyRecord("k", "f1", "T1", T0, T0.plus(Duration.ofHours(24))));

        ChangeSet second = new ChangeSet(null);
        second.idempotencyRecords().add(new IdempotencyRecord("k", "f2", "T2", T0.plusSeconds(60), T0.plusSeconds(60).plus(Duration.ofHours(24))));
        second.triggers().add(trigger("T2"));
        assertThatThrownBy(() -> store.commit(second)).isInstanceOfSatisfying(IdempotencyKeyTakenException.class,
                e -> assertThat(e.existing().triggerId()).isEqualTo("T1"));
        assertThat(store.findTrigger("T2")).isEmpty();

        Instant later = T0.plus(Duration.ofHours(25));
        assertThat(store.findIdempotency("k", later)).isEmpty();
        ChangeSet third = new ChangeSet(null);
        third.idempotencyRecords().add(new IdempotencyRecord("k", "f3", "T3", later, later.plus(Duration.ofHours(24))));
        store.commit(third);
        assertThat(store.findIdempotency("k", later)).map(IdempotencyRecord::triggerId).hasValue("T3");
    }

    @Test
    void aKeyClaimedTwiceInOneChangeSetFailsTheCommitAndWritesNothing() {
        ChangeSet both = new ChangeSet(null);
        both.idempotencyRecords().add(new IdempotencyRecord("k", "f1", "T1", T0, T0.plus(Duration.ofHours(24))));
        both.idempotencyRecords().add(new IdempotencyRecord("k", "f2", "T2", T0, T0.plus(Duration.ofHours(24))));
        both.triggers().add(trigger("T1"));
        both.triggers().add(trigger("T2"));
        assertThatThrownBy(() -> store.commit(both)).isInstanceOfSatisfying(IdempotencyKeyTakenException.class,
                e -> assertThat(e.existing().triggerId()).isEqualTo("T1"));
        assertThat(store.findIdempotency("k", T0)).isEmpty();
        assertThat(store.findTrigger("T1")).isEmpty();
        assertThat(store.findTrigger("T2")).isEmpty();
    }

    @Test
    void manyIdempotencyRecordsAreFoundAtOnceAndExpiredOnesAreLeftOut() {
        ChangeSet cs = new ChangeSet(null);
        cs.idempotencyRecords().add(new IdempotencyRecord("k1", "f1", "T1", T0, T0.plus(Duration.ofHours(24))));
        cs.idempotencyRecords().add(new IdempotencyRecord("k2", "f2", "T2", T0, T0.plus(Duration.ofHours(1))));
        store.commit(cs);
        List<String> keys = new java.util.ArrayList<>(List.of("k1", "k2", "none"));
        for (int i = 0; i < 1_500; i++) keys.add("absent-" + i); // more keys than one IN list takes
        assertThat(store.findIdempotencyRecords(keys, T0.plusSeconds(1))).isEqualTo(Map.of(
                "k1", new IdempotencyRecord("k1", "f1", "T1", T0, T0.plus(Duration.ofHours(24))),
                "k2", new IdempotencyRecord("k2", "f2", "T2", T0, T0.plus(Duration.ofHours(1)))));
        assertThat(store.findIdempotencyRecords(List.of("k1", "k2"), T0.plus(Duration.ofHours(1))))
                .as("k2 expired at that instant").containsOnlyKeys("k1");
        assertThat(store.findIdempotencyRecords(List.of(), T0)).isEmpty();
    }

    @Test
    void aChangeSetOfManyTriggersWithOneKeyTakenWritesNoneOfThem() {
        ChangeSet first = new ChangeSet(null);
        first.idempotencyRecords().add(new IdempotencyRecord("taken", "f0", "T0", T0, T0.plus(Duration.ofHours(24))));
        first.triggers().add(trigger("T0"));
        store.commit(first);

        ChangeSet bulk = new ChangeSet(null);
        for (int i = 1; i <= 3; i++) {
            bulk.triggers().add(trigger("T" + i));
            bulk.idempotencyRecords().add(new IdempotencyRecord(i == 3 ? "taken" : "k" + i, "f" + i, "T" + i, T0, T0.plus(Duration.ofHours(24))));
        }
        assertThatThrownBy(() -> store.commit(bulk)).isInstanceOfSatisfying(IdempotencyKeyTakenException.class,
                e -> assertThat(e.existing().triggerId()).isEqualTo("T0"));
        assertThat(store.findTriggers(List.of("T1", "T2", "T3"))).isEmpty();
        assertThat(store.findIdempotencyRecords(List.of("k1", "k2"), T0)).isEmpty();
    }

    @Test
    void anIdempotencyRecordExpiringExactlyAtTheInstantNoLongerHoldsItsKey() {
        Instant expiry = T0.plus(Duration.ofHours(1));
        ChangeSet first = new ChangeSet(null);
        first.idempotencyRecords().add(new IdempotencyRecord("k", "f1", "T1", T0, expiry));
        store.commit(first);
        assertThat(store.findIdempotency("k", expiry.minusMillis(1))).map(IdempotencyRecord::triggerId).hasValue("T1");
        assertThat(store.findIdempotency("k", expiry)).as("free at its expiry").isEmpty();

        ChangeSet early = new ChangeSet(null);
        early.idempotencyRecords().add(new IdempotencyRecord("k", "f2", "T2", expiry.minusMillis(1), expiry.plus(Duration.ofHours(1))));
        assertThatThrownBy(() -> store.commit(early)).isInstanceOfSatisfying(IdempotencyKeyTakenException.class,
                e -> assertThat(e.existing().triggerId()).isEqualTo("T1"));

        ChangeSet atExpiry = new ChangeSet(null);
        atExpiry.idempotencyRecords().add(new IdempotencyRecord("k", "f3", "T3", expiry, expiry.plus(Duration.ofHours(1))));
        store.commit(atExpiry);
        assertThat(store.findIdempotency("k", expiry)).map(IdempotencyRecord::triggerId).hasValue("T3");
    }

    @Test
    void aTriggersTraceContextIsReadBackAsWrittenAndNullWhenNotTraced() {
        TriggerRecord plain = trigger("T1");
        TriggerRecord t = trigger("T2");
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        TriggerRecord traced = new TriggerRecord(t.id(), t.workflowKey(), t.recipients(), t.actorId(), t.tenant(), t.data(),
                t.recipientData(), t.cancellationKey(), null, t.skipDelays(), t.depth(), t.createdAt(), traceparent);
        ChangeSet cs = new ChangeSet(null);
        cs.triggers().add(plain);
        cs.triggers().add(traced);
        store.commit(cs);

        assertThat(store.findTrigger("T2")).map(TriggerRecord::traceContext).hasValue(traceparent);
        assertThat(store.findTrigger("T2")).hasValue(traced);
        assertThat(store.findTrigger("T1").orElseThrow().traceContext()).isNull();
        assertThat(store.findTriggers(List.of("T1", "T2"))).isEqualTo(Map.of("T1", plain, "T2", traced));
    }
}
