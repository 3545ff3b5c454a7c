package io.github.knockj.core;

/**
 * A trigger reused an idempotency key, within its window, with parameters that differ from the
 * first trigger that used it. Nothing was triggered.
 */
public class IdempotencyConflictException extends KnockException {
    /** The reused key. */
    private final String idempotencyKey;

    /**
     * An exception naming the key.
     *
     * @param idempotencyKey the reused key
     */
    public IdempotencyConflictException(String idempotencyKey) {
        super("idempotency key '" + idempotencyKey + "' was already used with different parameters");
        this.idempotencyKey = idempotencyKey;
    }

    /**
     * An exception naming the key and the trigger that reused it, such as one entry of a bulk trigger.
     *
     * @param idempotencyKey the reused key
     * @param where the trigger that reused it, such as {@code triggers[3]}; the message starts with it
     */
    public IdempotencyConflictException(String idempotencyKey, String where) {
        super(where + ": idempotency key '" + idempotencyKey + "' was already used with different parameters");
        this.idempotencyKey = idempotencyKey;
    }

    /** {@return the reused idempotency key} */
    public String idempotencyKey() {
        return idempotencyKey;
    }
}
