package io.github.knockj.core.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The store's role for triggers and idempotency records: a trigger as accepted, and the idempotency
 * key that maps a repeated request to it. Both are written by {@link ChangeSetStore#commit}.
 *
 * <p>Invariants an implementation enforces: one trigger per idempotency key (a commit claiming a key
 * held by an unexpired record applies nothing and throws {@link IdempotencyKeyTakenException}); an
 * expired record no longer holds its key (and is purged, see {@link RetentionStore}). Expiry is one
 * rule for every store, {@link IdempotencyRecord#holdsKeyAt}, with the instant chosen by core.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface TriggerStore {
    /**
     * Looks up one trigger.
     *
     * @param id the trigger id
     * @return the trigger, or empty if there is none (or it was purged)
     */
    Optional<TriggerRecord> findTrigger(String id);

    /**
     * The triggers that exist among {@code ids}, keyed by id (one round trip where the store can).
     * This default calls {@link #findTrigger} once per id.
     *
     * @param ids the trigger ids
     * @return the existing triggers keyed by id
     */
    default Map<String, TriggerRecord> findTriggers(Collection<String> ids) {
        Map<String, TriggerRecord> out = new java.util.HashMap<>();
        for (String id : ids) findTrigger(id).ifPresent(t -> out.put(id, t));
        return out;
    }

    /**
     * The unexpired idempotency record for {@code key}, if any.
     *
     * @param key the idempotency key
     * @param now the current time; a record that expired at or before it is not returned
     *     ({@link IdempotencyRecord#holdsKeyAt})
     * @return the record, or empty if there is none or it has expired
     */
    Optional<IdempotencyRecord> findIdempotency(String key, Instant now);

    /**
     * The unexpired idempotency records among {@code keys}, keyed by key (one round trip where the
     * store can; a bulk trigger looks up all its keys at once). This default calls
     * {@link #findIdempotency} once per key.
     *
     * @param keys the idempotency keys
     * @param now the current time; a record that expired at or before it is not returned
     * @return the records in force, keyed by their key; keys without one are absent
     */
    default Map<String, IdempotencyRecord> findIdempotencyRecords(Collection<String> keys, Instant now) {
        Map<String, IdempotencyRecord> out = new java.util.HashMap<>();
        for (String key : keys) findIdempotency(key, now).ifPresent(r -> out.put(key, r));
        return out;
    }
}
