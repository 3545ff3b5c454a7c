package io.github.knockj.core;

/** A trigger, cancel or schedule named a workflow key that no registered workflow has. */
public class UnknownWorkflowException extends KnockException {
    private final String workflowKey;

    public UnknownWorkflowException(String workflowKey) {
        super("unknown workflow '" + workflowKey + "'");
        this.workflowKey = workflowKey;
    }

    public String workflowKey() {
        return workflowKey;
    }
}
