package io.github.knockj.core.internal;

import io.github.knockj.core.Template.Escaping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The common case of a Liquid template, text with {@code {{ a.b.c }}} outputs and nothing else,
 * rendered without liqp: a template of one trigger renders once per recipient, and liqp's general
 * machinery cost more than the rest of a recipient's run. It renders only what it is sure liqp would
 * render the same way (strings, whole numbers, booleans, nil); for anything else, such as a missing
 * key (liqp may resolve {@code size} or {@code first}) or a decimal, it declines and liqp renders.
 * {@code PlainTemplateTest} checks the two agree on random templates and data.
 */
final class PlainTemplate {
    private static final Pattern OUTPUT = Pattern.compile("\\{\\{ *([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*) *}}");

    /** Literal text at even indexes, variable paths (split on dots) at odd ones. */
    private final Object[] parts;

    private PlainTemplate(Object[] parts) {
        this.parts = parts;
    }

    /** The plain form of {@code source}, or null if it uses anything beyond text and simple outputs. */
    static PlainTemplate compile(String source) {
        List<Object> parts = new ArrayList<>();
        Matcher m = OUTPUT.matcher(source);
        int at = 0;
        while (m.find()) {
            parts.add(source.substring(at, m.start()));
            parts.add(m.group(1).split("\\."));
            at = m.end();
        }
        parts.add(source.substring(at));
        for (int i = 0; i < parts.size(); i += 2) {
            String text = (String) parts.get(i);
            if (text.contains("{{") || text.contains("{%") || text.contains("}}") || text.contains("%}")) return null;
        }
        return new PlainTemplate(parts.toArray());
    }

    /** The distinct first keys of the template's outputs ({@code data} for {@code {{ data.title }}}): all a render reads. */
    java.util.Set<String> roots() {
        java.util.Set<String> roots = new java.util.LinkedHashSet<>();
        for (int i = 1; i < parts.length; i += 2) roots.add(((String[]) parts[i])[0]);
        return roots;
    }

    /** The rendered text, HTML-escaped or not, or null if liqp must render it. */
    String render(Map<String, Object> variables, boolean escapeHtml) {
        return render(variables, escapeHtml ? Escaping.HTML : Escaping.NONE);
    }

    /** The rendered text, escaped for {@code escaping}, or null if liqp must render it. */
    String render(Map<String, Object> variables, Escaping escaping) {
        // a template that renders to one piece (such as "{{ data.title }}") returns that string, no copy
        String only = null;
        StringBuilder out = null;
        for (int i = 0; i < parts.length; i++) {
            String piece;
            if (i % 2 == 0) {
                piece = (String) parts[i];
            } else {
                String[] path = (String[]) parts[i];
                Object v = variables;
                for (String key : path) {
                    if (!(v instanceof Map<?, ?> map) || !map.containsKey(key)) return null;
                    v = map.get(key);
                }
                if (v == null) continue;
                if (v instanceof String str) piece = Templates.escape(str, escaping);
                else if (v instanceof RenderedContent c) piece = c.text(); // a layout's content, escaped already
                else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof Boolean) piece = v.toString();
                else return null;
            }
            if (piece.isEmpty()) continue;
            if (only == null) {
                only = piece;
            } else {
                if (out == null) out = new StringBuilder(only.length() + piece.length() + 32).append(only);
                out.append(piece);
            }
            if ((out == null ? only.length() : out.length()) > Templates.MAX_RENDERED_SIZE) return null; // liqp reports it
        }
        return out != null ? out.toString() : only != null ? only : "";
    }
}
