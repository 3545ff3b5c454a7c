package io.github.knockj.core.internal;

import io.github.knockj.core.Template.Escaping;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import liqp.RenderTransformer;
import liqp.TemplateContext;

/**
 * The limits and settings of the render under way on this thread: its deadline, the largest value
 * it may build, how outputs are escaped, and whether an undefined variable fails it. Renders run on
 * the caller's thread (no include can start another), so one thread-local holds the current one;
 * the filters and the {@link RenderTransformer} that liqp calls consult it.
 */
final class RenderGuard {
    private static final ThreadLocal<RenderGuard> CURRENT = new ThreadLocal<>();
    /** How many undefined variables a lenient render notes, at most. */
    static final int MAX_NOTED_UNDEFINED = 10;

    final long deadlineNanos;
    final long maxMillis;
    final int maxValueSize;
    final Escaping escaping;
    final boolean strict;
    /** The lookups of the template being rendered, indexed as its {@code knock_defined} filters name them. */
    final List<Lookup> lookups;
    /** The variables the render was given: what a partial sees besides its attributes. */
    final Map<String, Object> variables;
    /** The partials a {@code render} tag may name, by key (compiled); null: none. */
    final Map<String, Object> partials;
    /** How many partials deep this render is: 0 for a template, 1 for a partial it renders… */
    final int depth;
    /** The render of the template or partial that rendered this partial; null at the top. */
    private final RenderGuard parent;
    /** Undefined variables a lenient render printed as nothing; null until there is one. */
    Set<String> undefined;
    /** Why the render failed, when a limit or strict mode failed it (liqp wraps the exception). */
    String failure;

    private RenderGuard(long deadlineNanos, long maxMillis, int maxValueSize, Escaping escaping, boolean strict, List<Lookup> lookups,
                        Map<String, Object> variables, Map<String, Object> partials, RenderGuard parent) {
        this.maxMillis = maxMillis;
        this.deadlineNanos = deadlineNanos;
        this.maxValueSize = maxValueSize;
        this.escaping = escaping;
        this.strict = strict;
        this.lookups = lookups;
        this.variables = variables;
        this.partials = partials;
        this.parent = parent;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    /** Starts a guarded render on this thread; {@link #close()} it in a finally block. */
    static RenderGuard open(long maxMillis, int maxValueSize, Escaping escaping, boolean strict, List<Lookup> lookups,
                            Map<String, Object> variables, Map<String, Object> partials) {
        RenderGuard g = new RenderGuard(System.nanoTime() + maxMillis * 1_000_000L, maxMillis, maxValueSize, escaping, strict, lookups,
                variables, partials, null);
        CURRENT.set(g);
        return g;
    }

    /**
     * Starts the render of a partial inside this one, with the partial's lookups and this render's
     * deadline, limits, escaping, variables and partials; {@link #close()} it in a finally block.
     */
    RenderGuard nested(List<Lookup> partialLookups) {
        RenderGuard g = new RenderGuard(deadlineNanos, maxMillis, maxValueSize, escaping, strict, partialLookups, variables, partials, this);
        CURRENT.set(g);
        return g;
    }

    /** Ends this render: the thread goes back to the render that started it, if any. */
    void close() {
        if (parent == null) CURRENT.remove(); else CURRENT.set(parent);
    }

    /** The render under way; throws {@link IllegalStateException} if liqp renders outside {@link Templates}. */
    static RenderGuard current() {
        RenderGuard g = CURRENT.get();
        if (g == null) {
            throw new IllegalStateException("a Knock template rendered outside Templates.render");
        }
        return g;
    }

    /** Fails the render if it has run past its deadline. */
    void tick() {
        if (System.nanoTime() - deadlineNanos > 0) {
            fail("render took longer than " + maxMillis + " ms");
        }
    }

    /** Fails the render if {@code value} is larger than the largest value it may build. */
    Object checkSize(Object value, String what) {
        long size = size(value, maxValueSize);
        if (size > maxValueSize) fail(what + " exceeds " + maxValueSize + " characters");
        return value;
    }

    /** Fails the render if {@code size} is larger than the largest value it may build. */
    void checkSize(long size, String what) {
        if (size > maxValueSize) fail(what + " would exceed " + maxValueSize + " characters");
    }

    /** Notes an undefined variable (lenient mode), up to {@link #MAX_NOTED_UNDEFINED}. */
    void noteUndefined(String name) {
        if (parent != null) {
            parent.noteUndefined(name);
            return;
        }
        if (undefined == null) undefined = new LinkedHashSet<>();
        if (undefined.size() < MAX_NOTED_UNDEFINED) undefined.add(name);
    }

    RuntimeException fail(String reason) {
        for (RenderGuard g = this; g != null; g = g.parent) if (g.failure == null) g.failure = reason;
        throw new LimitExceeded(reason);
    }

    /**
     * The size of a value: a string's length, a number's or boolean's printed length, and for lists
     * and maps their entry count plus the sizes of their keys and values. Stops counting past
     * {@code budget}.
     */
    static long size(Object v, long budget) {
        if (v == null) return 0;
        if (v instanceof CharSequence s) return s.length();
        if (v instanceof Number || v instanceof Boolean) return String.valueOf(v).length();
        long total = 0;
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                total += 1 + size(e.getKey(), budget - total) + size(e.getValue(), budget - total);
                if (total > budget) return total;
            }
            return total;
        }
        if (v instanceof Collection<?> c) {
            for (Object x : c) {
                total += 1 + size(x, budget - total);
                if (total > budget) return total;
            }
            return total;
        }
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                total += 1 + size(Array.get(v, i), budget - total);
                if (total > budget) return total;
            }
            return total;
        }
        return String.valueOf(v).length();
    }

    /** The number of entries of a list-like value, or 1. */
    static long count(Object v) {
        if (v instanceof Collection<?> c) return c.size();
        if (v != null && v.getClass().isArray()) return Array.getLength(v);
        return 1;
    }

    /**
     * A variable lookup in an output: its name as written, and its path where every segment is
     * static (a name or a literal index); {@code path} is null when some segment is computed.
     */
    record Lookup(String name, List<Object> path) {
        /** Whether the lookup names something that is set in {@code context} (a key holding nil is set). */
        boolean isDefined(TemplateContext context) {
            if (path == null) return true; // cannot tell: a computed segment
            String root = (String) path.get(0);
            if (!context.containsKey(root)) return false;
            Object v = context.get(root);
            for (int i = 1; i < path.size(); i++) {
                Object seg = path.get(i);
                if (v instanceof Map<?, ?> m && seg instanceof String key) {
                    if (!m.containsKey(key)) return false;
                    v = m.get(key);
                } else if (v instanceof List<?> l && seg instanceof Long index) {
                    long at = index < 0 ? l.size() + index : index;
                    if (at < 0 || at >= l.size()) return false;
                    v = l.get((int) at);
                } else {
                    return true; // a property liqp computes (size, first, a drop's field): nil is its value
                }
            }
            return true;
        }
    }

    /** A limit of this render was exceeded, or strict mode met an undefined variable. */
    static final class LimitExceeded extends RuntimeException {
        LimitExceeded(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Builds each block's text like liqp's default, checking the deadline at every block and append
     * and the length of every block's text (a capture, a loop body) against the output limit.
     */
    static final class Transformer implements RenderTransformer {
        static final Transformer INSTANCE = new Transformer();

        @Override
        public ObjectAppender.Controller newObjectAppender(TemplateContext context, int estimatedNumberOfAppends) {
            RenderGuard guard = current();
            guard.tick();
            int max = context.getParser().getLimitMaxSizeRenderedString();
            return new ObjectAppender.Controller() {
                private CharSequence single = "";
                private StringBuilder built;

                @Override
                public void append(Object obj) {
                    guard.tick();
                    CharSequence s = obj instanceof CharSequence cs ? cs : String.valueOf(obj);
                    if (built == null && single.length() == 0) {
                        single = s;
                    } else {
                        if (built == null) built = new StringBuilder(single);
                        if ((long) built.length() + s.length() > max) guard.fail("rendered text exceeds " + max + " characters");
                        built.append(s);
                    }
                    if (built == null && single.length() > max) guard.fail("rendered text exceeds " + max + " characters");
                }

                @Override
                public Object getResult() {
                    return String.valueOf(built != null ? built : single);
                }
            };
        }

        @Override
        public Object transformObject(TemplateContext context, Object obj) {
            return String.valueOf(obj);
        }
    }
}
