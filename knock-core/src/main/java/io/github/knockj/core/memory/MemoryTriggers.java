package io.github.knockj.core.memory;

import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.TriggerRecord;
import io.github.knockj.core.spi.TriggerStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link TriggerStore} of {@link InMemoryStore}: reads of triggers and idempotency records, which
 * {@link MemoryCommits} writes.
 *
 * <p>Invariant (enforced by the commit, read here): one trigger per idempotency key while the record
 * {@linkplain IdempotencyRecord#holdsKeyAt holds it}; an expired record is not returned.
 */
final class MemoryTriggers implements TriggerStore {
    private final ReentrantLock lock;
    private final Map<String, TriggerRecord> triggers;
    private final Map<String, IdempotencyRecord> idempotency;

    MemoryTriggers(MemoryState state) {
        this.lock = state.lock;
        this.triggers = state.triggers;
        this.idempotency = state.idempotency;
    }

    @Override
    public Optional<TriggerRecord> findTrigger(String id) {
        return Optional.ofNullable(triggers.get(id));
    }

    @Override
    public Optional<IdempotencyRecord> findIdempotency(String key, Instant now) {
        lock.lock();
        try {
            IdempotencyRecord r = idempotency.get(key);
            return r != null && r.holdsKeyAt(now) ? Optional.of(r) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }
}
