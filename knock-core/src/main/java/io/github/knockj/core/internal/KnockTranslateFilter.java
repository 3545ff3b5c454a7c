package io.github.knockj.core.internal;

import io.github.knockj.core.Template.Escaping;
import io.github.knockj.core.Translations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import liqp.TemplateContext;
import liqp.filters.Filter;

/**
 * Knock's {@code t} filter: {@code {{ "like" | t: actorName: actor.name }}} is the text of key
 * {@code like} in the recipient's locale ({@link Translations#translate}), its placeholders filled
 * with the named parameters. The translations and the recipient's locale are those of the render
 * under way on this thread ({@link #translating}); outside one (a template rendered through
 * {@link io.github.knockj.core.Template}) there are none. The text is trusted, as a template's own
 * text is: only the interpolated values are escaped for the content's markup (the result is a
 * {@link Translated} that the output escapes no further); a filter after {@code t} sees plain text,
 * and the output escapes all of it. A key no locale has fails a strict render, naming it, and
 * prints as the key in a lenient one (noted like an undefined variable).
 */
final class KnockTranslateFilter extends Filter {
    /** The translations and the recipient's locale (read when a {@code t} first needs it) of the renders on this thread. */
    private static final class Scope {
        final Translations translations;
        private Supplier<String> localeSource;
        private String locale;

        Scope(Translations translations, Supplier<String> locale) {
            this.translations = translations;
            this.localeSource = locale;
        }

        String locale() {
            if (localeSource != null) {
                locale = localeSource.get();
                localeSource = null;
            }
            return locale;
        }
    }

    private static final ThreadLocal<Scope> SCOPE = new ThreadLocal<>();

    KnockTranslateFilter() {
        super("t");
    }

    /**
     * Runs {@code render} with {@code translations} in the locale of {@code recipient} (a run's
     * {@code recipient} variable, read only if a {@code t} runs: its {@code locale}, or none).
     */
    static <T> T translating(Translations translations, Supplier<Map<String, Object>> recipient, Supplier<T> render) {
        return Templates.with(SCOPE, new Scope(translations, () -> locale(recipient.get())), render);
    }

    private static String locale(Map<String, Object> recipient) {
        return recipient != null && recipient.get("locale") instanceof String l ? l : null;
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
        if (value == null) return null;
        String key = asString(value, context);
        Map<String, Object> vars = new LinkedHashMap<>();
        for (Object p : params) {
            if (!(p instanceof Map<?, ?> m)) {
                throw KnockFilters.fail(name, "takes named variables ('t: name: value'), was '" + KnockFilters.abbreviate(String.valueOf(p)) + "'");
            }
            m.forEach((k, v) -> vars.put(String.valueOf(k), v));
        }
        RenderGuard g = RenderGuard.current();
        Scope scope = SCOPE.get();
        Translations translations = scope == null ? Translations.NONE : scope.translations;
        String locale = scope == null ? null : scope.locale();
        Given given = new Given(vars);
        Optional<String> plain = translations.translate(locale, key, given);
        if (plain.isEmpty()) {
            String where = "'" + key + "' in locale '" + (locale == null ? translations.defaultLocale() : locale) + "'";
            if (g.strict) throw KnockFilters.fail(name, "no translation " + where + " (nor its language or the default locale '"
                    + translations.defaultLocale() + "')");
            g.noteUndefined("translation " + where);
            return key;
        }
        for (String variable : given.missing) {
            if (g.strict) throw KnockFilters.fail(name, "translation '" + key + "' interpolates '" + variable + "', which was not given");
            g.noteUndefined("translation '" + key + "': " + variable);
        }
        if (g.escaping == Escaping.NONE) return plain.get();
        UnaryOperator<String> escape = g.escaping == Escaping.HTML ? Templates::escape : Templates::escapeSlack;
        Map<String, Object> escapedVars = new LinkedHashMap<>();
        vars.forEach((k, v) -> escapedVars.put(k, v == null ? null : escape.apply(String.valueOf(v))));
        String escaped = translations.translate(locale, key, escapedVars).orElseThrow();
        return new Translated(plain.get(), escaped);
    }

    /**
     * The variables {@code t} was given, noting each name a translation asked for and was not given
     * ({@link Translations#translate} asks with {@code containsKey}; a miss of {@code count} means the
     * key was a plural group, which then is missing as a whole, so a miss noted while the key was
     * found is a placeholder's).
     */
    private static final class Given extends java.util.AbstractMap<String, Object> {
        private final Map<String, Object> vars;
        final List<String> missing = new ArrayList<>(0);

        Given(Map<String, Object> vars) {
            this.vars = vars;
        }

        @Override
        public boolean containsKey(Object k) {
            boolean has = vars.containsKey(k);
            if (!has && !missing.contains(String.valueOf(k))) missing.add(String.valueOf(k));
            return has;
        }

        @Override
        public Object get(Object k) {
            return vars.get(k);
        }

        @Override
        public java.util.Set<Entry<String, Object>> entrySet() {
            return vars.entrySet();
        }
    }

    /**
     * A translation's text: as text ({@link #toString()}) with its values as given, which filters
     * after {@code t} see; and with its values escaped for the content's markup, which the output
     * prints ({@code knock_output}) when {@code t} is the last filter.
     */
    static final class Translated implements CharSequence {
        private final String plain;
        final String escaped;

        Translated(String plain, String escaped) {
            this.plain = plain;
            this.escaped = escaped;
        }

        @Override
        public int length() {
            return plain.length();
        }

        @Override
        public char charAt(int index) {
            return plain.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return plain.subSequence(start, end);
        }

        @Override
        public String toString() {
            return plain;
        }
    }
}
