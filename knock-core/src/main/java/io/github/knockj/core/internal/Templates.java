package io.github.knockj.core.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.github.knockj.core.Template.Escaping;
import io.github.knockj.core.TemplateRenderException;
import io.github.knockj.core.WorkflowDefinitionException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import liqp.TemplateContext;
import liqp.TemplateParser;

/**
 * Liquid through liqp, sandboxed: one shared parser whose tags and filters are an allowed set (no
 * include: templates never read files; render only of partials registered with the Notifier), every output escaped for the content's markup at
 * output time, and every render bounded in time and in the size of each value it builds.
 */
public final class Templates {
    /** Longest a single render may take before it fails. */
    public static final long MAX_RENDER_MILLIS = 2_000;
    /** Largest rendered output, in characters; also the largest value a render may build. */
    public static final int MAX_RENDERED_SIZE = 1_000_000;
    /** Most partials a render may nest, one inside another ({@code render} in a partial). */
    public static final int MAX_PARTIAL_DEPTH = 10;

    // liqp's own time limit renders on a new thread per render and leaves a runaway render running;
    // RenderGuard checks a deadline on the caller's thread instead, at every filter, output and block.
    private static final TemplateParser PARSER = parser();

    /** What {@code "now"} means to the date filter in renders on this thread; unset: the system clock. */
    private static final ThreadLocal<java.time.Instant> RENDER_TIME = new ThreadLocal<>();

    private Templates() {}

    /**
     * Runs {@code render} with {@code now} as the time the date filter's {@code "now"} and
     * {@code "today"} stand for (the engine passes its clock's instant, so that a test clock
     * renders deterministic text and a delayed message shows when it was rendered).
     */
    public static <T> T renderingAt(java.time.Instant now, java.util.function.Supplier<T> render) {
        return with(RENDER_TIME, now, render);
    }

    /** Runs {@code body} with {@code local} set to {@code value} on this thread, then restores what it held. */
    static <V, T> T with(ThreadLocal<V> local, V value, java.util.function.Supplier<T> body) {
        V outer = local.get();
        local.set(value);
        try {
            return body.get();
        } finally {
            if (outer == null) local.remove(); else local.set(outer);
        }
    }

    /** The time a render on this thread stands for, as the date filter sees it (UTC, the parser's zone). */
    static java.time.ZonedDateTime renderTime() {
        java.time.Instant now = RENDER_TIME.get();
        return java.time.ZonedDateTime.ofInstant(now != null ? now : java.time.Instant.now(), java.time.ZoneOffset.UTC);
    }

    private static TemplateParser parser() {
        TemplateParser.Builder b = new TemplateParser.Builder()
                .withStrictVariables(false)
                .withErrorMode(TemplateParser.ErrorMode.STRICT)
                .withMaxIterations(100_000)
                .withMaxSizeRenderedString(MAX_RENDERED_SIZE)
                .withMaxTemplateSizeBytes(1_000_000)
                .withDefaultTimeZone(java.time.ZoneOffset.UTC)
                .withRenderTransformer(RenderGuard.Transformer.INSTANCE)
                .withNameResolver(name -> {
                    throw new java.io.IOException("templates never read files");
                })
                .withBlock(new LiquidFilters.Cycle())
                .withTag(new Refused("include"))
                .withTag(new Refused("include_relative"))
                .withTag(new Refused("render")) // parsed, then rewritten to knock_render (LiquidSandbox)
                .withFilter(new LiquidPartials.Render());
        LiquidFilters.all().forEach(b::withFilter);
        return b.build();
    }

    /**
     * A template as liqp parsed it (in its rewritten form), with its lookups, its plain form if it
     * has one, the variables its outputs start from and the partials it renders.
     */
    private record Compiled(liqp.Template liquid, List<RenderGuard.Lookup> lookups, PlainTemplate plain, java.util.Set<String> outputRoots,
                            java.util.Set<String> partials) {}

    /** The partials renders on this thread may name (compiled, by key); unset: none. */
    private static final ThreadLocal<Map<String, Object>> PARTIALS = new ThreadLocal<>();

    /**
     * Runs {@code render} with {@code partials} (compiled by {@link #parse}, by key) as the partials a
     * {@code render} tag may name in renders on this thread.
     */
    public static <T> T renderingWith(Map<String, Object> partials, java.util.function.Supplier<T> render) {
        return with(PARTIALS, partials, render);
    }

    /** The variables the outputs of {@code compiled} start from: {@code content} for {@code {{ content | upcase }}}. */
    public static java.util.Set<String> outputRoots(Object compiled) {
        return ((Compiled) compiled).outputRoots();
    }

    /** The keys of the partials {@code compiled} renders ({@code {% render "key" %}}), in order of appearance. */
    public static java.util.Set<String> partials(Object compiled) {
        return ((Compiled) compiled).partials();
    }

    /**
     * Renders partial {@code compiled} inside the render {@code outer} with {@code variables}: the
     * same deadline, limits, escaping and strictness, its own lookups.
     */
    static String renderPartial(RenderGuard outer, String key, Object compiled, Map<String, Object> variables) {
        Compiled c = (Compiled) compiled;
        if (outer.depth >= MAX_PARTIAL_DEPTH) {
            throw outer.fail("partial '" + key + "' nests partials deeper than " + MAX_PARTIAL_DEPTH + " (does it render itself?)");
        }
        if (c.plain() != null) {
            String plain = c.plain().render(variables, outer.escaping);
            if (plain != null) return plain;
        }
        RenderGuard guard = outer.nested(c.lookups());
        try {
            return c.liquid().render(variables);
        } catch (RuntimeException | StackOverflowError e) {
            throw outer.fail(guard.failure != null ? guard.failure : "partial '" + key + "': " + oneLine(e.getMessage()));
        } finally {
            guard.close();
        }
    }

    /**
     * Parses and checks {@code source}.
     *
     * @throws WorkflowDefinitionException if it is not valid Liquid or uses a tag or filter that is not allowed
     */
    public static Object parse(String source) {
        LiquidSandbox.Rewritten rewritten;
        try {
            rewritten = LiquidSandbox.check(source, PARSER.parse(source).getParseTree());
        } catch (WorkflowDefinitionException e) {
            throw new WorkflowDefinitionException(e.getMessage() + " in: " + abbreviate(source), e);
        } catch (RuntimeException e) {
            throw new WorkflowDefinitionException("invalid Liquid template: " + oneLine(e.getMessage()) + " in: " + abbreviate(source), e);
        }
        try {
            return new Compiled(PARSER.parse(rewritten.source()), rewritten.lookups(), PlainTemplate.compile(source), rewritten.outputRoots(),
                    rewritten.partials());
        } catch (RuntimeException e) {
            throw new IllegalStateException("rewritten template does not parse: " + rewritten.source(), e);
        }
    }

    /** Renders leniently, escaping HTML or not (the form {@link io.github.knockj.core.Template#render(Map, boolean)} offers). */
    public static String render(Object compiled, Map<String, Object> variables, boolean escapeHtml) {
        return render(compiled, variables, escapeHtml ? Escaping.HTML : Escaping.NONE, false, null);
    }

    /**
     * Renders {@code compiled}.
     *
     * @param escaping how every output is escaped
     * @param strict whether an undefined variable in an output fails the render
     * @param undefined receives the names of undefined variables a lenient render met (at most
     *     {@link RenderGuard#MAX_NOTED_UNDEFINED}); may be null
     * @throws TemplateRenderException with the reason, if rendering fails
     */
    public static String render(Object compiled, Map<String, Object> variables, Escaping escaping, boolean strict, Consumer<String> undefined) {
        Compiled c = (Compiled) compiled;
        if (c.plain() != null) {
            String plain = c.plain().render(variables, escaping);
            if (plain != null) return plain;
        }
        return renderWithLiquid(c, variables, escaping, strict, undefined, MAX_RENDER_MILLIS);
    }

    /** Always through liqp (tests compare the plain renderer with it). */
    static String renderWithLiquid(Object compiled, Map<String, Object> variables, boolean escapeHtml) {
        return renderWithLiquid((Compiled) compiled, variables, escapeHtml ? Escaping.HTML : Escaping.NONE, false, null, MAX_RENDER_MILLIS);
    }

    /** Through liqp with a time limit of {@code maxMillis}. */
    static String renderWithLiquid(Object compiled, Map<String, Object> variables, Escaping escaping, boolean strict,
                                   Consumer<String> undefined, long maxMillis) {
        Compiled c = (Compiled) compiled;
        RenderGuard guard = RenderGuard.open(maxMillis, MAX_RENDERED_SIZE, escaping, strict, c.lookups(), variables, PARTIALS.get());
        try {
            String out = c.liquid().render(variables);
            if (undefined != null && guard.undefined != null) guard.undefined.forEach(undefined);
            return out;
        } catch (RuntimeException | StackOverflowError e) {
            String reason = guard.failure != null ? guard.failure : oneLine(e.getMessage());
            throw new TemplateRenderException("template failed to render: " + reason, e);
        } finally {
            guard.close();
        }
    }

    /** Escapes {@code s} for {@code escaping}. */
    static String escape(String s, Escaping escaping) {
        return switch (escaping) {
            case NONE -> s;
            case HTML -> escape(s);
            case SLACK_MRKDWN -> escapeSlack(s);
            case SLACK_BLOCKS -> escapeJsonString(escapeSlack(s));
        };
    }

    /** Slack's mrkdwn control characters: {@code & < >} become entities (api.slack.com, "Escaping text"). */
    static String escapeSlack(String s) {
        if (s.indexOf('&') < 0 && s.indexOf('<') < 0 && s.indexOf('>') < 0) return s;
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Escapes {@code s} for the inside of a JSON string: quotes, backslashes and control characters. */
    static String escapeJsonString(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }

    /** HTML-escapes {@code & < > " '}. */
    public static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) b.append(rep); else b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').trim();
    }

    private static String abbreviate(String s) {
        String one = oneLine(s);
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }

    /** include and include_relative: refused (the definition check refuses them first); render: rewritten before rendering. */
    private static final class Refused extends liqp.tags.Tag {
        Refused(String name) {
            super(name);
        }

        @Override
        public Object render(TemplateContext context, liqp.nodes.LNode... nodes) {
            throw RenderGuard.current().fail("tag '" + name + "' is not allowed");
        }
    }
}
