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

    public TriggerWorkflowStep recipients(Function<RunContext, List<Recipient>> f) {
        checkNotFrozen();
        this.recipients = Validate.notNull("triggerWorkflow.recipients", f);
        return this;
    }

    public TriggerWorkflowStep data(Function<RunContext, Map<String, ?>> f) {
        checkNotFrozen();
        this.data = Validate.notNull("triggerWorkflow.data", f);
        return this;
    }

    public TriggerWorkflowStep when(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    public String workflowKey() { return workflowKey; }
    public Function<RunContext, List<Recipient>> recipients() { return recipients; }
    public Function<RunContext, Map<String, ?>> data() { return data; }
}
