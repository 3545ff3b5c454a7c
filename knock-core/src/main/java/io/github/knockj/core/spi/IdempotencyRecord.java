package io.github.knockj.core.spi;

import java.time.Instant;

/**
 * The first trigger that used an idempotency key.
 *
 * @param key the idempotency key
 * @param fingerprint a hash of that trigger's parameters
 * @param triggerId the trigger it created
 * @param createdAt when it was recorded
 * @param expiresAt when the key may be reused: from this instant on, the key is free
 */
public record IdempotencyRecord(String key, String fingerprint, String triggerId, Instant createdAt, Instant expiresAt) {
    /**
     * Whether this record still holds its key at {@code t}: true while {@code t} is before
     * {@link #expiresAt()}. A record expiring exactly at {@code t} no longer holds it. Every store
     * applies this one rule, with {@code t} chosen by core: the {@code now} of
     * {@link TriggerStore#findIdempotency} and the {@link #createdAt()} of the record a
     * {@link ChangeSet} claims the key with.
     *
     * @param t the instant to test
     * @return true if the key is taken at {@code t}
     */
    public boolean holdsKeyAt(Instant t) {
        return expiresAt.isAfter(t);
    }
}
