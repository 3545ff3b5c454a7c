package io.github.knockj.core;

/** A signed token was malformed, tampered with, issued for another purpose, or expired. */
public class InvalidTokenException extends KnockException {
    public InvalidTokenException(String message) {
        super(message);
    }
}
