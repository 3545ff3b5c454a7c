package io.github.knockj.core.internal.steps;

import io.github.knockj.core.Step;
import io.github.knockj.core.internal.RunState;

/**
 * Executes one type of workflow step for a run. One implementation per permitted {@link Step}
 * class, registered with that class in {@link StepHandlers#standard}. A handler changes the run only through
 * {@link RunState}'s methods; an exception it throws is retried by the driver ({@code RunExecutor}).
 *
 * @param <S> the step type handled
 */
@FunctionalInterface
public interface StepHandler<S extends Step> {

    /**
     * Executes {@code step} for run {@code s}, whose cursor names it (its condition already held).
     *
     * @return true to go on at once with the step the cursor now names; false when the run paused,
     *     ended, or waits for its batch to be joined
     */
    boolean execute(RunState s, S step);
}
