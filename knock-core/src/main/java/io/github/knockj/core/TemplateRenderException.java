package io.github.knockj.core;

/** Rendering a template failed for the given variables; the message is then marked not sent. */
public class TemplateRenderException extends KnockException {
    public TemplateRenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
