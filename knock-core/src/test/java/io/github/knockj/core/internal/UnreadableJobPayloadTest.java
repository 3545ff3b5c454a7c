package io.github.knockj.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.Notifier;
import io.github.knockj.core.TestKit;
import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Durable jobs whose payload cannot be read do not stop the engine: a batch flush that names no step
 * is dropped (there is nothing it could flush), as before payloads were typed.
 */
class UnreadableJobPayloadTest {

    @Test
    void aBatchFlushWithAnUnreadablePayloadIsDroppedAndTheChunkGoesOn() {
        TestKit kit = TestKit.create();
        try (InMemoryStore store = InMemoryStore.create();
             Notifier n = Notifier.builder().store(store).testKit(kit).build()) {
            Instant now = kit.clock().instant();
            ChangeSet cs = new ChangeSet(null);
            cs.jobs().add(Job.create("garbage", JobKind.FLUSH_BATCH, "batch-1", "no step named here", now, now));
            cs.jobs().add(Job.create("null", JobKind.FLUSH_BATCH, "batch-2", null, now, now));
            store.commit(cs);

            assertThat(kit.runDue()).isEqualTo(2);
            assertThat(store.nextDueAt(now.plus(Duration.ofDays(365)))).isEmpty();
        }
    }
}
