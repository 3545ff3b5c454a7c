package io.github.knockj.core;

/** Rendering a template failed for the given variables; the message is then marked not sent. */
public class TemplateRenderException extends KnockException {
    /**
     * An exception naming the template field and what failed.
     *
     * @param message what failed
     * @param cause the underlying error
     */
    public TemplateRenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
