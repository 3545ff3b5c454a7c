package io.github.knockj.core;

import io.github.knockj.core.internal.Templates;
import java.util.Map;

/**
 * A Liquid template, parsed once when defined: a syntax error is reported at definition time, never
 * at send time. Variables available when rendering message content: {@code recipient}, {@code actor},
 * {@code data}, {@code tenant}, {@code workflow}, and after a batch step {@code activities},
 * {@code total_activities}, {@code actors}, {@code total_actors}.
 */
public final class Template {
    private final String source;
    private final Object compiled;

    private Template(String source, Object compiled) {
        this.source = source;
        this.compiled = compiled;
    }

    /**
     * Parses {@code source}.
     *
     * @param source the Liquid source
     * @return the parsed template
     * @throws WorkflowDefinitionException if it is not valid Liquid
     */
    public static Template of(String source) {
        if (source == null) {
            throw new WorkflowDefinitionException("template source must not be null");
        }
        return new Template(source, Templates.parse(source));
    }

    /** {@return the Liquid source the template was parsed from} */
    public String source() {
        return source;
    }

    /**
     * Renders with {@code variables}; with {@code escapeHtml}, every variable's text is HTML-escaped
     * unless passed through the {@code raw} filter.
     *
     * @param variables the template variables, such as {@code recipient}, {@code actor}, {@code data}, {@code
     *     tenant}
     * @param escapeHtml whether to HTML-escape output
     * @return the rendered text
     * @throws TemplateRenderException if rendering fails (a limit is exceeded, a filter fails)
     */
    public String render(Map<String, Object> variables, boolean escapeHtml) {
        return Templates.render(compiled, variables, escapeHtml);
    }

    @Override
    public String toString() {
        return "Template[" + source + "]";
    }
}
