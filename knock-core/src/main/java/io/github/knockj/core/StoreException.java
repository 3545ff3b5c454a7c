package io.github.knockj.core;

/**
 * The store failed: a database error, a lost connection. The operation had no effect (stores apply
 * each write atomically) and may be retried.
 */
public class StoreException extends KnockException {
    /**
     * An exception wrapping the store's error.
     *
     * @param message what the store was doing
     * @param cause the underlying error, such as an {@code SQLException}
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * An exception without an underlying error.
     *
     * @param message what went wrong
     */
    public StoreException(String message) {
        super(message);
    }
}
