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

    /**
     * An exception naming the workflow and where it was triggered, such as one entry of a bulk trigger.
     *
     * @param workflowKey the inactive workflow's key
     * @param where where the key was given, such as {@code triggers[3]}; the message starts with it
     */
    public WorkflowInactiveException(String workflowKey, String where) {
        super(where + ": workflow '" + workflowKey + "' is inactive");
        this.workflowKey = workflowKey;
    }

    /** {@return the inactive workflow's key} */
    public String workflowKey() {
        return workflowKey;
    }
}
