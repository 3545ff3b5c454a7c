package io.github.knockj.core;

/** A signed token was malformed, tampered with, issued for another purpose, or expired. */
public class InvalidTokenException extends KnockException {
    /**
     * An exception saying what is wrong with the token.
     *
     * @param message what is wrong
     */
    public InvalidTokenException(String message) {
        super(message);
    }
}
