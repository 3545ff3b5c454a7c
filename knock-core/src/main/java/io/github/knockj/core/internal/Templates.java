package io.github.knockj.core.internal;

import io.github.knockj.core.TemplateRenderException;
import io.github.knockj.core.WorkflowDefinitionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liqp.TemplateContext;
import liqp.TemplateParser;
import liqp.filters.Filter;

/** Liquid through liqp: one shared parser with limits, plus HTML auto-escaping for HTML content. */
public final class Templates {
    /** Longest a single render may take before it fails. */
    public static final long MAX_RENDER_MILLIS = 2_000;
    /** Largest rendered output, in characters. */
    public static final int MAX_RENDERED_SIZE = 1_000_000;

    private static final TemplateParser PARSER = new TemplateParser.Builder()
            .withStrictVariables(false)
            .withErrorMode(TemplateParser.ErrorMode.STRICT)
            .withMaxIterations(100_000)
            .withMaxSizeRenderedString(MAX_RENDERED_SIZE)
            .withMaxTemplateSizeBytes(1_000_000)
            .withFilter(new RawFilter())
            .build();

    private Templates() {}

    /** A template as liqp parsed it, with its plain form if it has one. */
    private record Compiled(liqp.Template liquid, PlainTemplate plain) {}

    public static Object parse(String source) {
        try {
            liqp.Template t = PARSER.parse(source);
            return new Compiled(t, PlainTemplate.compile(source));
        } catch (RuntimeException e) {
            throw new WorkflowDefinitionException("invalid Liquid template: " + oneLine(e.getMessage()) + " in: " + abbreviate(source), e);
        }
    }

    public static String render(Object compiled, Map<String, Object> variables, boolean escapeHtml) {
        Compiled c = (Compiled) compiled;
        if (c.plain() != null) {
            String plain = c.plain().render(variables, escapeHtml);
            if (plain != null) return plain;
        }
        return renderWithLiquid(c.liquid(), variables, escapeHtml);
    }

    /** Always through liqp (tests compare the plain renderer with it). */
    static String renderWithLiquid(Object compiled, Map<String, Object> variables, boolean escapeHtml) {
        liqp.Template liquid = compiled instanceof Compiled c ? c.liquid() : (liqp.Template) compiled;
        try {
            Map<String, Object> vars = escapeHtml ? escapeAll(variables) : variables;
            return liquid.render(vars);
        } catch (RuntimeException | StackOverflowError e) {
            throw new TemplateRenderException("template failed to render: " + oneLine(e.getMessage()), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> escapeAll(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>(m.size() * 2);
        m.forEach((k, v) -> out.put(k, escapeValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object escapeValue(Object v) {
        if (v instanceof String s) return escape(s);
        if (v instanceof Map<?, ?> m) return escapeAll((Map<String, Object>) m);
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) out.add(escapeValue(x));
            return Collections.unmodifiableList(out);
        }
        return v;
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

    static String unescape(String s) {
        if (s.indexOf('&') < 0) return s;
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').trim();
    }

    private static String abbreviate(String s) {
        String one = oneLine(s);
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }

    /** {@code {{ x | raw }}}: outputs a value without HTML escaping (undoes the auto-escape). */
    private static final class RawFilter extends Filter {
        RawFilter() {
            super("raw");
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            return value instanceof String s ? unescape(s) : value;
        }
    }
}
