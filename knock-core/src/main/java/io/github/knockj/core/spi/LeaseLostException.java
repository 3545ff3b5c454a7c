package io.github.knockj.core.spi;

import io.github.knockj.core.KnockException;

/**
 * A worker tried to complete a job whose lease it no longer holds (it expired and another worker
 * claimed the job). Nothing of the change set was applied; the other worker will do the work.
 */
public class LeaseLostException extends KnockException {
    public LeaseLostException(String message) {
        super(message);
    }
}
