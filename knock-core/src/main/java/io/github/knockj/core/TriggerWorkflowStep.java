package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Triggers another workflow once per run: by default for this run's recipient, with this run's data,
 * actor and tenant. Nesting is limited ({@code Notifier.Builder#maxTriggerDepth}) so that workflows
 * triggering each other cannot loop forever. Cancelling this run later does not cancel the child.
 */
public final class TriggerWorkflowStep extends Step {
    private final String workflowKey;
    private Function<RunContext, List<Recipient>> recipients = ctx -> List.of(ctx.recipient());
    private Function<RunContext, Map<String, ?>> data = RunContext::data;

    TriggerWorkflowStep(String ref, String workflowKey) {
        super(ref);
        this.workflowKey = Validate.id("triggerWorkflow.workflow", workflowKey);
    }

    /**
     * Who the child workflow is triggered for. If unset, this run's recipient.
     *
     * @param f computes the recipients from the run
     * @return this step
     */
    public TriggerWorkflowStep recipients(Function<RunContext, List<Recipient>> f) {
        checkNotFrozen();
        this.recipients = Validate.notNull("triggerWorkflow.recipients", f);
        return this;
    }

    /**
     * The child trigger's data. If unset, this run's data.
     *
     * @param f computes the data from the run
     * @return this step
     */
    public TriggerWorkflowStep data(Function<RunContext, Map<String, ?>> f) {
        checkNotFrozen();
        this.data = Validate.notNull("triggerWorkflow.data", f);
        return this;
    }

    /**
     * Runs the step only when {@code condition} holds; otherwise the run goes on without triggering. If
     * unset, always.
     *
     * @param condition evaluated on the run when it reaches the step
     * @return this step
     */
    public TriggerWorkflowStep when(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    /** {@return the key of the workflow to trigger} */
    public String workflowKey() { return workflowKey; }
    /** {@return the function computing the child trigger's recipients} */
    public Function<RunContext, List<Recipient>> recipients() { return recipients; }
    /** {@return the function computing the child trigger's data} */
    public Function<RunContext, Map<String, ?>> data() { return data; }
}
