package io.github.knockj.core;

/**
 * A workflow definition is invalid: an empty workflow, duplicate step refs, an unknown channel key,
 * a template with a syntax error, a missing default branch. Thrown when the workflow or the
 * Notifier is built, never at send time.
 */
public class WorkflowDefinitionException extends KnockException {
    public WorkflowDefinitionException(String message) {
        super(message);
    }

    public WorkflowDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
