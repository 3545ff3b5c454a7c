package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** Merges values computed from the run into its data (top-level keys replace), for later steps to use. */
public final class UpdateDataStep extends Step {
    private final Function<RunContext, Map<String, ?>> update;

    UpdateDataStep(String ref, Function<RunContext, Map<String, ?>> update) {
        super(ref);
        this.update = Validate.notNull("updateData.function", update);
    }

    /**
     * Runs the step only when {@code condition} holds; otherwise the run goes on unchanged. If unset, always.
     *
     * @param condition evaluated on the run when it reaches the step
     * @return this step
     */
    public UpdateDataStep when(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    /** {@return the function computing the values merged into the run's data} */
    public Function<RunContext, Map<String, ?>> update() {
        return update;
    }
}
