package io.github.knockj.core;

/** A trigger named a workflow that is registered but marked inactive. */
public class WorkflowInactiveException extends KnockException {
    /** The inactive workflow's key. */
    private final String workflowKey;

    /**
     * An exception naming the workflow.
     *
     * @param workflowKey the inactive workflow's key
     */
    public WorkflowInactiveException(String workflowKey) {
        super("workflow '" + workflowKey + "' is inactive");
        this.workflowKey = workflowKey;
    }

    /** {@return the inactive workflow's key} */
    public String workflowKey() {
        return workflowKey;
    }
}
