package io.github.knockj.core;

import io.github.knockj.core.internal.ChannelRegistration;
import io.github.knockj.core.internal.SharedTemplates;
import io.github.knockj.core.internal.Templates;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks the email layouts and partials of a Notifier being built against its workflows, and
 * resolves each email step's layout: a step names a registered layout only on an email channel,
 * every {@code render} tag (in a step's content, a layout or a partial) names a registered partial,
 * the default layout is registered.
 */
final class LayoutsAndPartials {
    private LayoutsAndPartials() {}

    static SharedTemplates check(List<Workflow> workflows, Map<String, ChannelRegistration> channels, Map<String, EmailLayout> layouts,
                                 String defaultLayout, Map<String, Template> partials) {
        if (defaultLayout != null && !layouts.containsKey(defaultLayout)) {
            throw new WorkflowDefinitionException("the default email layout '" + defaultLayout + "' is not registered; registered: "
                    + new TreeSet<>(layouts.keySet()));
        }
        for (Map.Entry<String, Template> p : partials.entrySet()) checkPartials("partial '" + p.getKey() + "'", p.getValue(), partials);
        for (EmailLayout l : layouts.values()) {
            checkPartials("email layout '" + l.key() + "' html", l.html(), partials);
            if (l.text() != null) checkPartials("email layout '" + l.key() + "' text", l.text(), partials);
        }
        Map<ChannelStep, EmailLayout> byStep = new HashMap<>();
        for (Workflow w : workflows) {
            for (Step s : w.stepsByRef().values()) {
                if (!(s instanceof ChannelStep c)) continue;
                String where = "workflow '" + w.key() + "' step '" + s.ref() + "'";
                c.templates().forEach((field, t) -> checkPartials(where + " field '" + field + "'", t, partials));
                boolean email = channels.get(c.channelKey()).type() == ChannelType.EMAIL;
                if (c.layoutKey() != null) {
                    if (!email) {
                        throw new WorkflowDefinitionException(where + " names email layout '" + c.layoutKey() + "', but channel '"
                                + c.channelKey() + "' is not an email channel: only email steps take a layout");
                    }
                    EmailLayout l = layouts.get(c.layoutKey());
                    if (l == null) {
                        throw new WorkflowDefinitionException(where + " uses email layout '" + c.layoutKey() + "', which is not registered; registered: "
                                + new TreeSet<>(layouts.keySet()));
                    }
                    byStep.put(c, l);
                } else if (email && !c.isWithoutLayout() && defaultLayout != null) {
                    byStep.put(c, layouts.get(defaultLayout));
                }
            }
        }
        Map<String, Object> compiled = new LinkedHashMap<>();
        partials.forEach((k, t) -> compiled.put(k, t.compiled()));
        return new SharedTemplates(byStep, compiled);
    }

    private static void checkPartials(String where, Template t, Map<String, Template> partials) {
        for (String key : Templates.partials(t.compiled())) {
            if (!partials.containsKey(key)) {
                throw new WorkflowDefinitionException(where + " renders partial '" + key + "', which is not registered; registered: "
                        + new TreeSet<>(partials.keySet()));
            }
        }
    }
}
