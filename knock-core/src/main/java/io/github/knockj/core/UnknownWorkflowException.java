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

    /**
     * An exception naming the key and where it was given, such as one entry of a bulk trigger.
     *
     * @param workflowKey the key no workflow has
     * @param where where the key was given, such as {@code triggers[3]}; the message starts with it
     */
    public UnknownWorkflowException(String workflowKey, String where) {
        super(where + ": unknown workflow '" + workflowKey + "'");
        this.workflowKey = workflowKey;
    }

    /** {@return the key no workflow has} */
    public String workflowKey() {
        return workflowKey;
    }
}
