package io.github.knockj.core;

/**
 * A workflow definition is invalid: an empty workflow, duplicate step refs, an unknown channel key,
 * a template with a syntax error, a missing default branch. Thrown when the workflow or the
 * Notifier is built, never at send time.
 */
public class WorkflowDefinitionException extends KnockException {
    /**
     * An exception with a message naming the workflow, the step and the problem.
     *
     * @param message the problem
     */
    public WorkflowDefinitionException(String message) {
        super(message);
    }

    /**
     * An exception with a message and the error that caused it, such as a template parse error.
     *
     * @param message the problem
     * @param cause the underlying error
     */
    public WorkflowDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
