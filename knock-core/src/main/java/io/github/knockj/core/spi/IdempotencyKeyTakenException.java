package io.github.knockj.core.spi;

import io.github.knockj.core.KnockException;

/** Thrown by {@link Store#commit} when a change set claims an idempotency key already in force. */
public class IdempotencyKeyTakenException extends KnockException {
    /** The record in force. */
    private final IdempotencyRecord existing;

    /**
     * An exception for the record in force.
     *
     * @param existing the record that holds the key
     */
    public IdempotencyKeyTakenException(IdempotencyRecord existing) {
        super("idempotency key '" + existing.key() + "' is taken by trigger " + existing.triggerId());
        this.existing = existing;
    }

    /**
     * The record in force.
     *
     * @return the record, with the trigger that holds the key
     */
    public IdempotencyRecord existing() {
        return existing;
    }
}
