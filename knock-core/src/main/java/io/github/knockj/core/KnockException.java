package io.github.knockj.core;

/**
 * The root of every exception the library throws on purpose. Unchecked: callers catch the specific
 * subclasses they can act on and let the rest propagate.
 */
public class KnockException extends RuntimeException {
    /**
     * An exception with a message.
     *
     * @param message what went wrong
     */
    public KnockException(String message) {
        super(message);
    }

    /**
     * An exception with a message and the error that caused it.
     *
     * @param message what went wrong
     * @param cause the underlying error
     */
    public KnockException(String message, Throwable cause) {
        super(message, cause);
    }
}
