package io.github.knockj.core;

import io.github.knockj.core.internal.Templates;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Liquid template, parsed once when defined: a syntax error, or a tag or filter outside the
 * allowed set (no {@code include}: templates never read files; {@code render} only of a partial
 * the Notifier registers), is reported at definition time,
 * never at send time. Every output ({@code {{ … }}}) is escaped for the content's markup as it is
 * printed, whatever filters ran, unless {@code raw} is its last filter; a render is bounded in time
 * (2 seconds) and in the size of every
 * value it builds. See README, "Safe templates". Variables available when rendering message content: {@code recipient}, {@code actor},
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

    /** The parsed form, for the engine ({@code Templates}). */
    Object compiled() {
        return compiled;
    }

    /** {@return the Liquid source the template was parsed from} */
    public String source() {
        return source;
    }

    /**
     * Renders with {@code variables}, leniently (an undefined variable prints nothing); with
     * {@code escapeHtml}, every output is HTML-escaped unless its last filter is {@code raw}.
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

    /**
     * Renders with {@code variables}, escaping every output for {@code escaping} unless its last
     * filter is {@code raw} (an output ending with {@code escape} or {@code escape_once} is not
     * escaped twice).
     *
     * @param variables the template's variables by name
     * @param escaping how every output is escaped
     * @param strict if true, an output that looks up a variable that is not set (a missing key; a
     *     key holding null is set), without a {@code default} filter, fails the render naming it
     * @param undefined if not null, receives the names of the undefined variables a lenient render
     *     printed as nothing (at most 10)
     * @return the rendered text
     * @throws TemplateRenderException if rendering fails: a limit is exceeded, a filter fails, or
     *     strict mode met an undefined variable
     */
    public String render(Map<String, Object> variables, Escaping escaping, boolean strict, Consumer<String> undefined) {
        if (escaping == null) throw new IllegalArgumentException("escaping must not be null");
        return Templates.render(compiled, variables, escaping, strict, undefined);
    }

    /** How a template's outputs are escaped: for the markup its content field is written in. */
    public enum Escaping {
        /** Printed as they are: plain text, SMS, push, JSON bodies (use the {@code json} filter). */
        NONE,
        /** HTML: {@code & < > " '} become entities. The {@code html} field of email. */
        HTML,
        /** Slack mrkdwn text: {@code & < >} become entities, so no text can form a link or mention. */
        SLACK_MRKDWN,
        /** Text inside a JSON string of Slack Block Kit: escaped as mrkdwn, then as a JSON string. */
        SLACK_BLOCKS
    }

    @Override
    public String toString() {
        return "Template[" + source + "]";
    }
}
