package io.github.knockj.core.spi;

import io.github.knockj.core.KnockException;

/** Thrown by {@link Store#commit} when a change set claims an idempotency key already in force. */
public class IdempotencyKeyTakenException extends KnockException {
    private final IdempotencyRecord existing;

    public IdempotencyKeyTakenException(IdempotencyRecord existing) {
        super("idempotency key '" + existing.key() + "' is taken by trigger " + existing.triggerId());
        this.existing = existing;
    }

    /** The record in force. */
    public IdempotencyRecord existing() {
        return existing;
    }
}
