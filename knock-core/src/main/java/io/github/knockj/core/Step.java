package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import java.util.function.Predicate;

/**
 * One step of a workflow, identified by a ref that is unique within the workflow and stable
 * across deployments: a paused run resumes by ref after a restart. Steps are configured fluently and
 * frozen when their workflow is built. Create them with the factories in {@link Steps}.
 */
public abstract sealed class Step
        permits ChannelStep, DelayStep, BatchStep, ThrottleStep, BranchStep, UpdateDataStep, FetchStep, TriggerWorkflowStep {
    private final String ref;
    private Predicate<RunContext> condition;
    private boolean frozen;

    Step(String ref) {
        this.ref = Validate.id("step.ref", ref);
    }

    /** {@return the step's ref, unique within its workflow} */
    public final String ref() {
        return ref;
    }

    /**
     * The condition under which the step runs; a step whose condition is false is skipped (the run goes on).
     *
     * @return the condition, or null if the step always runs
     */
    public final Predicate<RunContext> condition() {
        return condition;
    }

    final void setCondition(Predicate<RunContext> c) {
        checkNotFrozen();
        this.condition = Validate.notNull("step.condition", c);
    }

    final void checkNotFrozen() {
        if (frozen) {
            throw new IllegalStateException("step '" + ref + "' belongs to a built workflow and can no longer change");
        }
    }

    /** Parses a template of this step; a definition error names the step and {@code what} (a field, "key", "url"). */
    final Template parseTemplate(String what, String liquid) {
        try {
            return Template.of(liquid);
        } catch (WorkflowDefinitionException e) {
            throw new WorkflowDefinitionException("step '" + ref + "' " + what + ": " + e.getMessage(), e);
        }
    }

    void freeze() {
        frozen = true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + ref + "]";
    }
}
