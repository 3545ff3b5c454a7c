package io.github.knockj.core;

/** A trigger named a workflow that is registered but marked inactive. */
public class WorkflowInactiveException extends KnockException {
    private final String workflowKey;

    public WorkflowInactiveException(String workflowKey) {
        super("workflow '" + workflowKey + "' is inactive");
        this.workflowKey = workflowKey;
    }

    public String workflowKey() {
        return workflowKey;
    }
}
