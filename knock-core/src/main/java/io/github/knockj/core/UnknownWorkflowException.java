package io.github.knockj.core;

/** A trigger, cancel or schedule named a workflow key that no registered workflow has. */
public class UnknownWorkflowException extends KnockException {
    /** The key no workflow has. */
    private final String workflowKey;

    /**
     * An exception naming the key.
     *
     * @param workflowKey the key no workflow has
     */
    public UnknownWorkflowException(String workflowKey) {
        super("unknown workflow '" + workflowKey + "'");
        this.workflowKey = workflowKey;
    }

    /** {@return the key no workflow has} */
    public String workflowKey() {
        return workflowKey;
    }
}
