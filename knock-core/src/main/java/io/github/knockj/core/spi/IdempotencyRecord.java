package io.github.knockj.core.spi;

import java.time.Instant;

/**
 * The first trigger that used an idempotency key.
 *
 * @param key the idempotency key
 * @param fingerprint a hash of that trigger's parameters
 * @param triggerId the trigger it created
 * @param createdAt when it was recorded
 * @param expiresAt when the key may be reused
 */
public record IdempotencyRecord(String key, String fingerprint, String triggerId, Instant createdAt, Instant expiresAt) {}
