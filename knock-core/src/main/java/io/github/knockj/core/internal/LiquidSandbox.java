package io.github.knockj.core.internal;

import io.github.knockj.core.WorkflowDefinitionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import liquid.parser.v4.LiquidParser;
import liqp.org.antlr.v4.runtime.ParserRuleContext;
import liqp.org.antlr.v4.runtime.tree.ParseTree;

/**
 * What a Knock template may contain, checked on its parse tree when it is defined, and the form
 * it is rendered in: every output gets {@code knock_output} as its last filter (escaping, limits)
 * and, when it looks a variable up without a {@code default}, {@code knock_defined} as its first
 * (strict variables). Tags and filters outside the allowed sets are refused by name.
 */
final class LiquidSandbox {
    /**
     * Tags besides the ones the grammar knows itself (if, unless, case, for, tablerow, cycle,
     * capture, assign, raw, comment, break, continue). Left out: {@code include} and
     * {@code include_relative}, which read files. {@code render} is allowed in one form, a registered
     * partial's key and attributes ({@link #render}), and never reads a file.
     */
    static final Set<String> ALLOWED_TAGS = Set.of("increment", "decrement", "ifchanged");

    private LiquidSandbox() {}

    /**
     * The rewritten source, the lookups its {@code knock_defined} filters index, the variables its
     * outputs start from ({@code content} for {@code {{ content }}}) and the partials it renders.
     */
    record Rewritten(String source, List<RenderGuard.Lookup> lookups, Set<String> outputRoots, Set<String> partials) {}

    /**
     * Checks every tag and filter of {@code tree} against the allowed sets and returns the source to
     * render.
     *
     * @throws WorkflowDefinitionException naming the first tag or filter that is not allowed
     */
    static Rewritten check(String source, ParseTree tree) {
        Walk w = new Walk(source, new ArrayList<>(), new ArrayList<>(), new java.util.LinkedHashSet<>(), new java.util.LinkedHashSet<>());
        walk(tree, w);
        List<Insert> inserts = w.inserts;
        inserts.sort(Comparator.comparingInt(Insert::at).thenComparingInt(Insert::seq).reversed());
        StringBuilder b = new StringBuilder(source);
        for (Insert i : inserts) b.replace(i.at, i.at + i.replaced, i.text);
        return new Rewritten(b.toString(), List.copyOf(w.lookups), Set.copyOf(w.roots), java.util.Collections.unmodifiableSet(w.partials));
    }

    /** Text to insert at {@code at} in place of {@code replaced} characters; of two at one place, the one added first ({@code seq}) comes first. */
    private record Insert(int at, int seq, String text, int replaced) {
        Insert(int at, int seq, String text) {
            this(at, seq, text, 0);
        }
    }

    /** What a walk collects. */
    private record Walk(String source, List<Insert> inserts, List<RenderGuard.Lookup> lookups, Set<String> roots, Set<String> partials) {}

    private static void walk(ParseTree node, Walk w) {
        List<Insert> inserts = w.inserts;
        List<RenderGuard.Lookup> lookups = w.lookups;
        if (node instanceof LiquidParser.Simple_tagContext t && t.SimpleTagId().getText().equals("render")) {
            render(t, w);
            return;
        }
        if (node instanceof LiquidParser.Include_tagContext) refuseTag("include");
        if (node instanceof LiquidParser.Include_relative_tagContext) refuseTag("include_relative");
        if (node instanceof LiquidParser.Other_tagContext t && t.BlockId() != null) checkTag(t.BlockId().getText());
        if (node instanceof LiquidParser.Simple_tagContext t) checkTag(t.SimpleTagId().getText());
        if (node instanceof LiquidParser.FilterContext f) {
            String name = f.Id().getText();
            if (!LiquidFilters.ALLOWED.contains(name)) {
                throw new WorkflowDefinitionException("filter '" + name + "' is not allowed in templates (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(LiquidFilters.ALLOWED)) + ")");
            }
        }
        if (node instanceof LiquidParser.OutputContext o) output(o, inserts, lookups, w.roots);
        for (int i = 0; i < node.getChildCount(); i++) walk(node.getChild(i), w);
    }

    private static void checkTag(String name) {
        if (!ALLOWED_TAGS.contains(name)) refuseTag(name);
    }

    private static void refuseTag(String name) {
        throw new WorkflowDefinitionException("tag '" + name + "' is not allowed in templates (templates never read files; "
                + "include is disabled; render takes a partial's key)");
    }

    /** A string literal, a number, a boolean, nil, or a variable with static or variable indexes. */
    private static final java.util.regex.Pattern RENDER_VALUE = java.util.regex.Pattern.compile(
            "\"[^\"]*\"|'[^']*'|-?[0-9]+(\\.[0-9]+)?|[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*|\\[([0-9]+|\"[^\"]*\"|'[^']*'|[A-Za-z_][A-Za-z0-9_.-]*)])*");
    private static final java.util.regex.Pattern RENDER_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    /**
     * {@code {% render "key", name: value, … %}}: Liquid's render, of a partial registered with the
     * Notifier (never a file). The key must be a string literal (as in Liquid), each value a literal
     * or a variable; the tag becomes the output {@code {{ "key" | knock_render: "name", value, … }}},
     * not escaped again (the partial's outputs are escaped as it renders).
     */
    private static void render(LiquidParser.Simple_tagContext t, Walk w) {
        String params = t.other_tag_parameters() == null ? "" : w.source.substring(
                t.other_tag_parameters().start.getStartIndex(), t.other_tag_parameters().stop.getStopIndex() + 1);
        String usage = "tag 'render' takes a partial's key as a string literal and optional attributes: "
                + "{% render \"key\", name: value %}, was: {% render " + params.strip() + " %}";
        List<String> parts = splitOnCommas(params.strip());
        String key = parts.get(0).strip();
        if (key.length() < 2 || !(key.startsWith("\"") && key.endsWith("\"") || key.startsWith("'") && key.endsWith("'"))
                || key.indexOf(key.charAt(0), 1) != key.length() - 1) {
            throw new WorkflowDefinitionException(usage);
        }
        StringBuilder out = new StringBuilder(t.TagStart().getText().endsWith("-") ? "{{- " : "{{ ").append(key).append(" | ")
                .append(LiquidFilters.RENDER);
        for (int i = 1; i < parts.size(); i++) {
            String attr = parts.get(i);
            int colon = attr.indexOf(':');
            if (colon < 0) throw new WorkflowDefinitionException(usage);
            String name = attr.substring(0, colon).strip();
            String value = attr.substring(colon + 1).strip();
            if (!RENDER_NAME.matcher(name).matches() || !RENDER_VALUE.matcher(value).matches()) throw new WorkflowDefinitionException(usage);
            out.append(i == 1 ? ": " : ", ").append('"').append(name).append("\", ").append(value);
        }
        out.append(" | ").append(LiquidFilters.OUTPUT).append(": \"raw\"").append(t.TagEnd().getText().startsWith("-") ? " -}}" : " }}");
        w.partials.add(key.substring(1, key.length() - 1));
        int start = t.start.getStartIndex();
        w.inserts.add(new Insert(start, w.inserts.size(), out.toString(), t.stop.getStopIndex() + 1 - start));
    }

    /** {@code s} split on the commas outside string literals. */
    private static List<String> splitOnCommas(String s) {
        List<String> parts = new ArrayList<>();
        char quote = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ',') {
                parts.add(s.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static void output(LiquidParser.OutputContext o, List<Insert> inserts, List<RenderGuard.Lookup> lookups, Set<String> roots) {
        List<LiquidParser.FilterContext> filters = o.filter();
        ParserRuleContext value = o.evaluate != null ? o.evaluate : o.term();
        boolean hasDefault = filters.stream().anyMatch(f -> f.Id().getText().equals("default"));
        LiquidParser.Lookup_id_indexesContext lookup = lookupOf(value);
        if (lookup != null) roots.add(lookup.id().getText());
        if (lookup != null && !hasDefault) {
            inserts.add(new Insert(value.stop.getStopIndex() + 1, inserts.size(), " | " + LiquidFilters.DEFINED + ": " + lookups.size()));
            lookups.add(new RenderGuard.Lookup(lookup.getText(), path(lookup)));
        }
        String last = filters.isEmpty() ? null : filters.get(filters.size() - 1).Id().getText();
        String param = last == null ? "" : last.equals("raw") ? ": \"raw\"" : LiquidFilters.ESCAPING.contains(last) ? ": \"escaped\"" : "";
        int end = filters.isEmpty() ? value.stop.getStopIndex() + 1 : filters.get(filters.size() - 1).stop.getStopIndex() + 1;
        inserts.add(new Insert(end, inserts.size(), " | " + LiquidFilters.OUTPUT + param));
    }

    private static LiquidParser.Lookup_id_indexesContext lookupOf(ParserRuleContext value) {
        ParserRuleContext v = value;
        if (v instanceof LiquidParser.Expr_termContext e) v = e.term();
        if (v instanceof LiquidParser.Term_lookupContext t && t.lookup() instanceof LiquidParser.Lookup_id_indexesContext l) return l;
        return null;
    }

    /** The static path of a lookup ({@code data.items[0]["a b"]}), or null if an index is computed. */
    private static List<Object> path(LiquidParser.Lookup_id_indexesContext l) {
        List<Object> path = new ArrayList<>();
        path.add(l.id().getText());
        for (LiquidParser.IndexContext i : l.index()) {
            if (i.id2() != null) {
                path.add(i.id2().getText());
                continue;
            }
            if (!(i.expr() instanceof LiquidParser.Expr_termContext e)) return null;
            if (e.term() instanceof LiquidParser.Term_StrContext s) {
                String q = s.getText();
                path.add(q.substring(1, q.length() - 1));
            } else if (e.term() instanceof LiquidParser.Term_LongNumContext n) {
                try {
                    path.add(Long.parseLong(n.getText()));
                } catch (NumberFormatException ex) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return path;
    }
}
