package io.github.knockj.core;

/**
 * A lookup by id found nothing the caller may see: an unknown message, or a message that belongs to
 * another user, channel or tenant (the two are indistinguishable on purpose).
 */
public class NotFoundException extends KnockException {
    /**
     * An exception naming what was not found.
     *
     * @param message what was looked up
     */
    public NotFoundException(String message) {
        super(message);
    }
}
