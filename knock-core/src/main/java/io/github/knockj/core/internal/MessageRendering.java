package io.github.knockj.core.internal;

import io.github.knockj.core.ChannelStep;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.EmailLayout;
import io.github.knockj.core.Template;
import io.github.knockj.core.TemplateRenderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Renders a channel step's templates the one way both a send and a preview do: each field escaped
 * for the channel's primary provider, strict or lenient as configured, stopping at the first field
 * that fails. A send also instruments an email's html for tracking (it has a message id to track).
 */
public final class MessageRendering {
    private MessageRendering() {}

    /**
     * The rendered fields, or the first failure.
     *
     * @param content the fields rendered (all of them when {@code error} is null)
     * @param error "field 'x': reason" of the field that failed, or null
     * @param undefined the undefined variables a lenient render printed as nothing, "field 'x': name"
     */
    public record Rendered(Map<String, String> content, String error, List<String> undefined) {}

    /**
     * The last rendering of each step whose templates are plain text and outputs
     * ({@link PlainTemplate}), reused while the variables those outputs start from are the same
     * objects: the runs of one trigger share its data, so a template that reads only {@code data}
     * renders once per trigger instead of once per recipient, and its messages share the content. The
     * variables are immutable (trigger data is copied frozen, run variables are rebuilt on change), so
     * the same objects render the same text. Renderings that failed, printed undefined variables or
     * track an email are not reused. A step's email layout counts as one of its templates. A template
     * with a filter is never plain, so a translation ({@code t}, in the recipient's locale) is never
     * shared across recipients ({@code TranslationsTest.aFanOutGivesEachRecipientTheirOwnLanguage}).
     * Thread-safe; one per Notifier.
     */
    public static final class Memo {
        private static final Object ABSENT = new Object();
        /** A step's roots (null when not plain) and its last rendering. */
        private record Last(ChannelRegistration reg, Object[] values, Rendered rendered) {}
        private record Entry(String[] roots, Last last) {}
        private final Map<ChannelStep, Entry> entries = new java.util.concurrent.ConcurrentHashMap<>();

        /** Renders like {@link MessageRendering#render}, reusing the step's last rendering when its variables are the same objects. */
        public Rendered render(ChannelStep step, ChannelRegistration reg, Map<String, Object> vars, EngineConfig config, String messageId,
                               java.time.Instant now) {
            if (config.tracking() != null && reg.type() == ChannelType.EMAIL) return MessageRendering.render(step, reg, vars, config, messageId, now);
            Entry e = entries.computeIfAbsent(step, st -> entry(st, config.sharedTemplates().layoutOf(st)));
            if (e.roots() == null) return MessageRendering.render(step, reg, vars, config, messageId, now);
            Object[] values = new Object[e.roots().length];
            for (int i = 0; i < values.length; i++) {
                String root = e.roots()[i];
                values[i] = vars.containsKey(root) ? vars.get(root) : ABSENT;
            }
            Last last = e.last();
            if (last != null && last.reg() == reg && sameObjects(last.values(), values)) return last.rendered();
            Rendered r = MessageRendering.render(step, reg, vars, config, messageId, now);
            if (r.error() == null && r.undefined().isEmpty()) {
                Rendered shared = new Rendered(java.util.Collections.unmodifiableMap(r.content()), null, List.of()); // in template order, as unshared
                entries.put(step, new Entry(e.roots(), new Last(reg, values, shared)));
                return shared;
            }
            return r;
        }

        /** The roots of the step's templates and of its layout's ({@code content} is never a run variable: always absent). */
        private static Entry entry(ChannelStep step, EmailLayout layout) {
            java.util.List<Template> templates = new ArrayList<>(step.templates().values());
            if (layout != null) {
                templates.add(layout.html());
                if (layout.text() != null) templates.add(layout.text());
            }
            java.util.Set<String> roots = new java.util.LinkedHashSet<>();
            for (Template t : templates) {
                PlainTemplate plain = PlainTemplate.compile(t.source());
                if (plain == null) return new Entry(null, null);
                roots.addAll(plain.roots());
            }
            return new Entry(roots.toArray(new String[0]), null);
        }

        private static boolean sameObjects(Object[] a, Object[] b) {
            for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
            return true;
        }
    }

    /**
     * Renders {@code step}'s templates with {@code vars}.
     *
     * @param messageId the id of the message being sent (for tracking), or null for a preview (no tracking)
     * @param now the time the render stands for: the date filter's {@code "now"} and {@code "today"}
     */
    public static Rendered render(ChannelStep step, ChannelRegistration reg, Map<String, Object> vars, EngineConfig config, String messageId,
                                  java.time.Instant now) {
        Supplier<Rendered> render = () -> renderNow(step, reg, vars, config, messageId);
        Supplier<Rendered> translated = config.translations() == io.github.knockj.core.Translations.NONE ? render
                : () -> KnockTranslateFilter.translating(config.translations(), () -> recipient(vars), render);
        return Templates.renderingAt(now, () -> Templates.renderingWith(config.sharedTemplates().partials(), translated));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> recipient(Map<String, Object> vars) {
        return vars.get("recipient") instanceof Map<?, ?> r ? (Map<String, Object>) r : null;
    }

    private static Rendered renderNow(ChannelStep step, ChannelRegistration reg, Map<String, Object> vars, EngineConfig config, String messageId) {
        Map<String, String> content = new LinkedHashMap<>();
        List<String> undefined = new ArrayList<>();
        EmailLayout layout = config.sharedTemplates().layoutOf(step);
        Map<String, Object> layoutVars = null;
        for (Map.Entry<String, Template> t : step.templates().entrySet()) {
            String field = t.getKey();
            try {
                String rendered = t.getValue().render(vars, reg.primary().escaping(field), config.strictTemplates(),
                        name -> undefined.add("field '" + field + "': " + name));
                Template wrap = layout == null ? null : field.equals("html") ? layout.html() : field.equals("text") ? layout.text() : null;
                if (wrap != null) {
                    if (layoutVars == null) {
                        layoutVars = new java.util.HashMap<>(vars);
                        layoutVars.put("footer_links", footerLinks(layout));
                    }
                    layoutVars.put("content", new RenderedContent(rendered));
                    try {
                        rendered = wrap.render(layoutVars, reg.primary().escaping(field), config.strictTemplates(),
                                name -> undefined.add("field '" + field + "' layout '" + layout.key() + "': " + name));
                    } catch (TemplateRenderException e) {
                        throw new TemplateRenderException("email layout '" + layout.key() + "': " + e.getMessage(), e);
                    }
                }
                if (messageId != null && config.tracking() != null && reg.type() == ChannelType.EMAIL && field.equals("html")) {
                    rendered = config.tracking().instrument(messageId, rendered);
                }
                content.put(field, rendered);
            } catch (TemplateRenderException e) {
                return new Rendered(content, "field '" + field + "': " + e.getMessage(), undefined);
            }
        }
        return new Rendered(content, null, undefined);
    }

    /** A layout's {@code footer_links}: a list of {@code {text, url}} maps. */
    private static List<Map<String, Object>> footerLinks(EmailLayout layout) {
        List<Map<String, Object>> links = new ArrayList<>();
        for (EmailLayout.FooterLink l : layout.footerLinks()) links.add(Map.of("text", l.text(), "url", l.url()));
        return links;
    }
}
