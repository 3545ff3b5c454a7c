package io.github.knockj.core;

/**
 * The store failed: a database error, a lost connection. The operation had no effect (stores apply
 * each write atomically) and may be retried.
 */
public class StoreException extends KnockException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
