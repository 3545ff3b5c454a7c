package io.github.knockj.core;

/**
 * The root of every exception the library throws on purpose. Unchecked: callers catch the specific
 * subclasses they can act on and let the rest propagate.
 */
public class KnockException extends RuntimeException {
    public KnockException(String message) {
        super(message);
    }

    public KnockException(String message, Throwable cause) {
        super(message, cause);
    }
}
