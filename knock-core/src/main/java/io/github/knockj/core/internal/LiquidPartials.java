package io.github.knockj.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import liqp.TemplateContext;
import liqp.filters.Filter;

/**
 * Partials: Liquid's {@code render} tag, of templates registered with the Notifier by key (never
 * files). {@link LiquidSandbox} rewrites {@code {% render "key", name: value %}} into
 * {@code {{ "key" | knock_render: "name", value }}}; the filter renders the partial in a scope of
 * its own, as Liquid's {@code render} does: the variables the template was given ({@code recipient},
 * {@code data}, {@code vars}…) and the attributes passed, which take precedence, but nothing the
 * template assigned, captured or looped over. The partial renders inside the render of its template:
 * same deadline, size limits, escaping and strictness; partials nest at most
 * {@link Templates#MAX_PARTIAL_DEPTH} deep.
 */
final class LiquidPartials {
    private LiquidPartials() {}

    /** {@code knock_render}: the partial its input names, rendered with its parameters as name, value pairs. */
    static final class Render extends Filter {
        Render() {
            super(LiquidFilters.RENDER);
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            RenderGuard g = RenderGuard.current();
            g.tick();
            String key = String.valueOf(value);
            Object partial = g.partials == null ? null : g.partials.get(key);
            if (partial == null) {
                throw g.fail("unknown partial '" + key + "'" + (g.partials == null
                        ? " (partials render in the content of channel steps and email layouts of a Notifier that registers them)"
                        : "; registered: " + new java.util.TreeSet<>(g.partials.keySet())));
            }
            Map<String, Object> scope = new LinkedHashMap<>(g.variables);
            for (int i = 0; i + 1 < params.length; i += 2) scope.put(String.valueOf(params[i]), params[i + 1]);
            return Templates.renderPartial(g, key, partial, scope);
        }
    }
}
