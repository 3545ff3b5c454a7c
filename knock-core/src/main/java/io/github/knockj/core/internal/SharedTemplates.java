package io.github.knockj.core.internal;

import io.github.knockj.core.ChannelStep;
import io.github.knockj.core.EmailLayout;
import java.util.Map;

/**
 * The templates a Notifier's steps share: the email layout each email step renders in (the one it
 * names, else the default; none when it opted out or there is no default), and the partials a
 * {@code render} tag may name, compiled, by key. Checked when the Notifier is built.
 *
 * @param layouts the layout of each email step that has one (steps compare by identity)
 * @param partials the compiled partials by key
 */
public record SharedTemplates(Map<ChannelStep, EmailLayout> layouts, Map<String, Object> partials) {
    /** No layouts, no partials. */
    public static final SharedTemplates NONE = new SharedTemplates(Map.of(), Map.of());

    public SharedTemplates {
        layouts = Map.copyOf(layouts);
        partials = Map.copyOf(partials);
    }

    /** The layout {@code step} renders in, or null. */
    public EmailLayout layoutOf(ChannelStep step) {
        return layouts.get(step);
    }
}
