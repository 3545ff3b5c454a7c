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
     * {@code include_relative}, which read files; liqp has no {@code render}.
     */
    static final Set<String> ALLOWED_TAGS = Set.of("increment", "decrement", "ifchanged");

    private LiquidSandbox() {}

    /** The rewritten source, and the lookups its {@code knock_defined} filters index. */
    record Rewritten(String source, List<RenderGuard.Lookup> lookups) {}

    /**
     * Checks every tag and filter of {@code tree} against the allowed sets and returns the source to
     * render.
     *
     * @throws WorkflowDefinitionException naming the first tag or filter that is not allowed
     */
    static Rewritten check(String source, ParseTree tree) {
        List<Insert> inserts = new ArrayList<>();
        List<RenderGuard.Lookup> lookups = new ArrayList<>();
        walk(tree, inserts, lookups);
        inserts.sort(Comparator.comparingInt(Insert::at).thenComparingInt(Insert::seq).reversed());
        StringBuilder b = new StringBuilder(source);
        for (Insert i : inserts) b.insert(i.at, i.text);
        return new Rewritten(b.toString(), List.copyOf(lookups));
    }

    /** Text to insert at {@code at}; of two at one place, the one added first ({@code seq}) comes first. */
    private record Insert(int at, int seq, String text) {}

    private static void walk(ParseTree node, List<Insert> inserts, List<RenderGuard.Lookup> lookups) {
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
        if (node instanceof LiquidParser.OutputContext o) output(o, inserts, lookups);
        for (int i = 0; i < node.getChildCount(); i++) walk(node.getChild(i), inserts, lookups);
    }

    private static void checkTag(String name) {
        if (!ALLOWED_TAGS.contains(name)) refuseTag(name);
    }

    private static void refuseTag(String name) {
        throw new WorkflowDefinitionException("tag '" + name + "' is not allowed in templates (templates never read files; "
                + "include and render are disabled)");
    }

    private static void output(LiquidParser.OutputContext o, List<Insert> inserts, List<RenderGuard.Lookup> lookups) {
        List<LiquidParser.FilterContext> filters = o.filter();
        ParserRuleContext value = o.evaluate != null ? o.evaluate : o.term();
        boolean hasDefault = filters.stream().anyMatch(f -> f.Id().getText().equals("default"));
        LiquidParser.Lookup_id_indexesContext lookup = lookupOf(value);
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
