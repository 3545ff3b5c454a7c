package io.github.knockj.core.internal;

import io.github.knockj.core.Template.Escaping;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import liqp.TemplateContext;
import liqp.filters.Filter;
import liqp.filters.Filters;
import liqp.nodes.LNode;

/**
 * The filters a Knock template may use, each wrapped so that it checks the render's deadline and
 * never builds a value larger than the render allows; plus the filters {@link LiquidSandbox} adds
 * to every output ({@code knock_defined}, {@code knock_output}) and the escaping {@code cycle} tag.
 */
final class LiquidFilters {
    /**
     * Standard Liquid's filters as liqp implements them, plus {@code json}, Knock's {@code raw} and
     * Knock's helpers ({@link KnockFilters#NAMES}) and {@code t} ({@link KnockTranslateFilter}). Left out: liqp's Jekyll extras ({@code absolute_url},
     * {@code relative_url} read site configuration; {@code push}, {@code pop}, {@code shift},
     * {@code unshift}, {@code where_exp}, {@code normalize_whitespace}, {@code h}).
     */
    static final Set<String> ALLOWED = allowed(List.of(
            "abs", "append", "at_least", "at_most", "capitalize", "ceil", "compact", "concat", "date", "default",
            "divided_by", "downcase", "escape", "escape_once", "first", "floor", "join", "json", "last", "lstrip",
            "map", "minus", "modulo", "newline_to_br", "plus", "prepend", "raw", "remove", "remove_first", "replace",
            "replace_first", "reverse", "round", "rstrip", "size", "slice", "sort", "sort_natural", "split", "strip",
            "strip_html", "strip_newlines", "times", "truncate", "truncatewords", "uniq", "upcase", "url_decode",
            "url_encode", "where"));

    /** Filters that mark their result as already escaped: an output ending with one is not escaped again. */
    static final Set<String> ESCAPING = Set.of("escape", "escape_once");

    static final String DEFINED = "knock_defined";
    static final String OUTPUT = "knock_output";
    /** The filter a {@code render} tag becomes ({@link LiquidPartials}). */
    static final String RENDER = "knock_render";

    private LiquidFilters() {}

    private static Set<String> allowed(List<String> standard) {
        Set<String> all = new TreeSet<>(standard);
        all.addAll(KnockFilters.NAMES);
        all.add("t");
        return Set.copyOf(all);
    }

    /** Every filter the parser registers: the allowed ones guarded, the others refusing to run. */
    static List<Filter> all() {
        List<Filter> out = new ArrayList<>();
        for (Filter f : Filters.JEKYLL_FILTERS.values()) {
            if (f.name.equals("date")) f = new KnockDateFilters.ZonedDate(f);
            out.add(ALLOWED.contains(f.name) ? new Guarded(f) : new Refused(f.name));
        }
        for (Filter f : KnockFilters.all()) out.add(new Guarded(f));
        out.add(new Guarded(new KnockTranslateFilter()));
        out.add(new Raw());
        out.add(new Defined());
        out.add(new Output());
        return out;
    }

    /** An allowed filter: checks the deadline, the size its result could reach, and the size it did reach. */
    private static final class Guarded extends Filter {
        private final Filter delegate;

        Guarded(Filter delegate) {
            super(delegate.name);
            this.delegate = delegate;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            RenderGuard g = RenderGuard.current();
            g.tick();
            precheck(g, value, context, params);
            Object result = delegate.apply(value, context, params);
            g.checkSize(result, "the result of '" + name + "'");
            g.tick();
            return result;
        }

        /** Refuses calls whose result could grow past the limit before they build it. */
        private void precheck(RenderGuard g, Object value, TemplateContext context, Object[] params) {
            long max = g.maxValueSize;
            String what = "the result of '" + name + "'";
            switch (name) {
                case "append", "prepend", "concat" -> {
                    Object p = params.length > 0 ? params[0] : null;
                    g.checkSize(RenderGuard.size(value, max) + RenderGuard.size(p, max), what);
                }
                case "join" -> {
                    long sep = params.length > 0 ? RenderGuard.size(params[0], max) : 1;
                    g.checkSize(RenderGuard.size(value, max) + RenderGuard.count(value) * sep, what);
                }
                case "replace", "replace_first" -> {
                    String s = asString(value, context);
                    String find = params.length > 0 ? asString(params[0], context) : "";
                    long rep = params.length > 1 ? RenderGuard.size(params[1], max) : 0;
                    long n = name.equals("replace_first") ? 1 : occurrences(s, find);
                    g.checkSize(s.length() + n * rep, what);
                }
                case "json" -> g.checkSize(RenderGuard.size(value, max), what);
                default -> { }
            }
        }

        private static long occurrences(String s, String find) {
            if (find.isEmpty()) return s.length() + 1L;
            long n = 0;
            for (int at = s.indexOf(find); at >= 0; at = s.indexOf(find, at + find.length())) n++;
            return n;
        }
    }

    /** A filter liqp knows but Knock templates may not use (the definition check refuses it first). */
    private static final class Refused extends Filter {
        Refused(String name) {
            super(name);
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            throw RenderGuard.current().fail("filter '" + name + "' is not allowed");
        }
    }

    /** {@code {{ x | raw }}}: as the last filter of an output, the output is not escaped. */
    private static final class Raw extends Filter {
        Raw() {
            super("raw");
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            return value;
        }
    }

    /**
     * First filter of an output that looks a variable up: an undefined one fails a strict render,
     * naming it, and is noted by a lenient one. Its parameter indexes the template's lookups.
     */
    private static final class Defined extends Filter {
        Defined() {
            super(DEFINED);
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            if (value != null) return value;
            RenderGuard g = RenderGuard.current();
            RenderGuard.Lookup lookup = g.lookups.get(((Number) params[0]).intValue());
            if (!lookup.isDefined(context)) {
                if (g.strict) throw g.fail("undefined variable '" + lookup.name() + "'");
                g.noteUndefined(lookup.name());
            }
            return null;
        }
    }

    /**
     * Last filter of every output: checks the deadline and the value's size, and escapes it for the
     * content's markup unless the output ended with {@code raw} (parameter "raw") or an escaping
     * filter (parameter "escaped").
     */
    private static final class Output extends Filter {
        Output() {
            super(OUTPUT);
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            RenderGuard g = RenderGuard.current();
            g.tick();
            g.checkSize(value, "an output");
            if (value instanceof RenderedContent c) return c.text(); // a layout's content: escaped as its template rendered
            String mode = params.length > 0 ? String.valueOf(params[0]) : "";
            if (g.escaping == Escaping.NONE || mode.equals("raw")) return value;
            if (value instanceof KnockTranslateFilter.Translated t) {
                // a translation's own text is trusted; its interpolated values are escaped already
                return g.escaping == Escaping.SLACK_BLOCKS ? Templates.escapeJsonString(t.escaped) : t.escaped;
            }
            if (mode.equals("escaped")) {
                // HTML entities are what Slack's mrkdwn wants too; inside JSON the text still needs quoting
                return g.escaping == Escaping.SLACK_BLOCKS ? escapeValue(value, Templates::escapeJsonString) : value;
            }
            return escapeValue(value, s -> Templates.escape(s, g.escaping));
        }
    }

    /**
     * {@code cycle}, whose values are outputs too: escaped like them. (liqp names a block after its
     * class, hence the name.)
     */
    static final class Cycle extends liqp.blocks.Cycle {
        @Override
        public Object render(TemplateContext context, LNode... nodes) {
            Object v = super.render(context, nodes);
            RenderGuard g = RenderGuard.current();
            return g.escaping == Escaping.NONE ? v : escapeValue(v, s -> Templates.escape(s, g.escaping));
        }
    }

    /** Escapes what liqp would print for {@code value}: strings, and the elements of lists. */
    static Object escapeValue(Object value, UnaryOperator<String> escaping) {
        if (value == null || value instanceof Number || value instanceof Boolean) return value;
        if (value instanceof CharSequence s) return escaping.apply(s.toString());
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object x : c) out.add(escapeElement(x, escaping));
            return out;
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(escapeElement(Array.get(value, i), escaping));
            return out;
        }
        if (value instanceof Map<?, ?>) return escaping.apply(String.valueOf(value));
        if (value instanceof java.time.temporal.TemporalAccessor) return value; // liqp prints a date: digits and signs
        return escaping.apply(String.valueOf(value));
    }

    private static Object escapeElement(Object x, UnaryOperator<String> escaping) {
        if (x == null || x instanceof Number || x instanceof Boolean || x instanceof java.time.temporal.TemporalAccessor) return x;
        return escaping.apply(String.valueOf(x));
    }
}
