package io.github.knockj.core.spi;

import io.github.knockj.core.KnockException;

/**
 * A worker tried to complete a job whose lease it no longer holds (it expired and another worker
 * claimed the job). Nothing of the change set was applied; the other worker will do the work.
 */
public class LeaseLostException extends KnockException {
    /**
     * An exception naming the job and the owner that lost it.
     *
     * @param message which job, which owner
     */
    public LeaseLostException(String message) {
        super(message);
    }
}
