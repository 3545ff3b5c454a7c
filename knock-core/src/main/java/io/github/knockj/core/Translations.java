package io.github.knockj.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The account's translations, which templates reach with Knock's {@code t} filter
 * ({@code {{ "OrderReady" | t }}}, docs.knock.app "Translations"): texts by locale and key,
 * registered with {@link Notifier.Builder#translations(Translations)}. Immutable and thread-safe.
 *
 * <p>A key is a dotted path ({@code customers.orders.survey}; a nested map is flattened to one),
 * optionally behind a namespace and a colon ({@code shipping:canceled}). A text may interpolate the
 * variables the filter is given, written {@code {{ name }}}; nothing else of Liquid. A key whose
 * entries are {@code zero}, {@code one} and {@code other} is pluralized by the {@code count}
 * variable. The {@code t} filter looks a key up in the recipient's locale ({@code fr-BE}), then its
 * language ({@code fr}), then the default locale ({@link #defaultLocale()}) and its language.
 */
public final class Translations {
    /** The default locale when none is set: {@value}. */
    public static final String DEFAULT_LOCALE = "en";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(" + NAME.pattern() + ")\\s*}}");

    /** ISO 639 languages and those the JDK has locale data for. */
    private static final Set<String> LANGUAGES = languages();
    /** No translations: every {@code t} lookup misses. */
    public static final Translations NONE = builder().build();

    private final String defaultLocale;
    /** locale tag → key → compiled text. */
    private final Map<String, Map<String, Text>> texts;

    private Translations(Builder b) {
        this.defaultLocale = b.defaultLocale;
        Map<String, Map<String, Text>> t = new LinkedHashMap<>();
        b.texts.forEach((locale, keys) -> t.put(locale, Map.copyOf(keys)));
        this.texts = Map.copyOf(t);
    }

    /** {@return a new, empty builder whose default locale is {@link #DEFAULT_LOCALE}} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Translations of the locales in {@code byLocale}, with the default locale {@link #DEFAULT_LOCALE}.
     *
     * @param byLocale texts by locale tag ({@code en}, {@code en-GB}) and key; a value may be a text
     *     or a nested map of them (see {@link Builder#locale(String, Map)})
     * @return the translations
     * @throws InvalidInputException naming the locale and key of the first bad entry
     */
    public static Translations of(Map<String, ? extends Map<String, ?>> byLocale) {
        Objects.requireNonNull(byLocale, "byLocale");
        Builder b = builder();
        byLocale.forEach(b::locale);
        return b.build();
    }

    /** {@return the locale used when a key is in neither the recipient's locale nor its language} */
    public String defaultLocale() {
        return defaultLocale;
    }

    /** {@return the locale tags that have translations} */
    public Set<String> locales() {
        return texts.keySet();
    }

    /**
     * The text of {@code key} for a recipient whose locale is {@code locale}, as registered (not
     * interpolated): from the locale, else its language, else the default locale, else its language.
     *
     * @param locale the recipient's locale tag ({@code fr-BE}; {@code fr_BE} reads the same), or null for none
     * @param key the key, with its namespace if it has one
     * @return the text, or empty if no locale of the chain has the key
     */
    public Optional<String> text(String locale, String key) {
        return Optional.ofNullable(find(locale, key)).map(t -> t.source);
    }

    /**
     * The text of {@code key} as the {@code t} filter renders it: looked up like {@link #text}, or,
     * when the key's entries are {@code zero}, {@code one} and {@code other}, the one the variable
     * {@code count} chooses (0: {@code zero}, else {@code other}; 1: {@code one}, else {@code other};
     * anything else: {@code other}); each {@code {{ name }}} replaced by the variable of that name,
     * printed as text (nothing for null or a variable not given).
     *
     * @param locale the recipient's locale, or null
     * @param key the key, with its namespace if it has one
     * @param variables the variables by name
     * @return the text, or empty if no locale of the chain has the key
     */
    public Optional<String> translate(String locale, String key, Map<String, ?> variables) {
        Objects.requireNonNull(variables, "variables");
        Text t = find(locale, key);
        if (t == null && variables.containsKey("count")) {
            String form = pluralForm(variables.get("count"));
            if (form.equals("zero")) {
                t = find(locale, key + ".zero");
                if (t == null) form = "other";
            }
            if (t == null && form.equals("one")) {
                t = find(locale, key + ".one");
                if (t == null) form = "other";
            }
            if (t == null) t = find(locale, key + ".other");
        }
        return t == null ? Optional.empty() : Optional.of(t.render(variables));
    }

    private static String pluralForm(Object count) {
        java.math.BigDecimal n;
        try {
            n = count == null ? null : new java.math.BigDecimal(String.valueOf(count).trim());
        } catch (NumberFormatException e) {
            n = null;
        }
        if (n == null) return "other";
        if (n.signum() == 0) return "zero";
        return n.compareTo(java.math.BigDecimal.ONE) == 0 ? "one" : "other";
    }

    private Text find(String locale, String key) {
        for (String tag : chain(locale)) {
            Map<String, Text> keys = texts.get(tag);
            Text t = keys == null ? null : keys.get(key);
            if (t != null) return t;
        }
        return null;
    }

    /** The locales a lookup tries, in order, without repeats. */
    private List<String> chain(String locale) {
        List<String> out = new ArrayList<>(4);
        if (locale != null && !locale.isBlank()) addWithLanguage(out, Locale.forLanguageTag(locale.trim().replace('_', '-')));
        addWithLanguage(out, Locale.forLanguageTag(defaultLocale));
        return out;
    }

    private static void addWithLanguage(List<String> out, Locale l) {
        if (l.getLanguage().isEmpty()) return;
        String tag = l.toLanguageTag();
        if (!out.contains(tag)) out.add(tag);
        if (!out.contains(l.getLanguage())) out.add(l.getLanguage());
    }

    private static Set<String> languages() {
        Set<String> out = new java.util.HashSet<>(List.of(Locale.getISOLanguages()));
        for (Locale l : Locale.getAvailableLocales()) if (!l.getLanguage().isEmpty()) out.add(l.getLanguage());
        return Set.copyOf(out);
    }

    /** A text split at its placeholders: literal text at even indexes, names at odd ones. */
    private static final class Text {
        final String source;
        final String[] parts;

        Text(String source, String[] parts) {
            this.source = source;
            this.parts = parts;
        }

        String render(Map<String, ?> variables) {
            if (parts.length == 1) return parts[0];
            StringBuilder b = new StringBuilder(source.length() + 16);
            for (int i = 0; i < parts.length; i++) {
                if (i % 2 == 0) {
                    b.append(parts[i]);
                } else if (variables.containsKey(parts[i])) {
                    Object v = variables.get(parts[i]);
                    if (v != null) b.append(v);
                }
            }
            return b.toString();
        }
    }

    /** Collects translations locale by locale; {@link #build()} gives the immutable {@link Translations}. */
    public static final class Builder {
        private String defaultLocale = DEFAULT_LOCALE;
        private final Map<String, Map<String, Text>> texts = new LinkedHashMap<>();

        private Builder() {}

        /**
         * The locale used when a key is in neither the recipient's locale nor its language (Knock's
         * account default locale). If unset, {@link #DEFAULT_LOCALE}.
         *
         * @param locale a BCP 47 tag such as {@code en} or {@code en-GB}
         * @return this builder
         * @throws InvalidInputException if the tag is not a well-formed, canonical language tag
         */
        public Builder defaultLocale(String locale) {
            this.defaultLocale = tag("translations.defaultLocale", locale);
            return this;
        }

        /**
         * Adds texts to {@code locale} (keys already present are replaced). A value is a text or a
         * map whose entries are nested keys: {@code {"orders": {"shipping": {"one": …, "other": …}}}}
         * adds {@code orders.shipping.one} and {@code orders.shipping.other}.
         *
         * @param locale a BCP 47 tag such as {@code en} or {@code en-GB}
         * @param texts the texts by key; a key may start with a namespace and a colon ({@code shipping:canceled})
         * @return this builder
         * @throws InvalidInputException naming the locale and key if the tag is not canonical
         *     ({@code Locale.forLanguageTag} does not give it back), a key is empty, has an empty
         *     segment or namespace, or a text is null or uses Liquid beyond {@code {{ name }}}
         */
        public Builder locale(String locale, Map<String, ?> texts) {
            String tag = tag("translations", locale);
            Objects.requireNonNull(texts, "texts");
            Map<String, Text> into = new LinkedHashMap<>(this.texts.getOrDefault(tag, Map.of()));
            flatten(tag, "", texts, into);
            this.texts.put(tag, into);
            return this;
        }

        /**
         * Adds texts to {@code locale} under {@code namespace}: key {@code canceled} is looked up as
         * {@code namespace:canceled} (Knock's "en:shipping" translation).
         *
         * @param locale a BCP 47 tag
         * @param namespace the namespace, non-empty, without a colon
         * @param texts the texts by key, as for {@link #locale(String, Map)}
         * @return this builder
         * @throws InvalidInputException as {@link #locale(String, Map)} does, or if the namespace is empty or has a colon
         */
        public Builder locale(String locale, String namespace, Map<String, ?> texts) {
            String tag = tag("translations", locale);
            if (namespace == null || namespace.isBlank() || namespace.contains(":") || namespace.contains(".")) {
                throw new InvalidInputException("translations." + tag, "namespace must be non-blank, without ':' or '.', was '" + namespace + "'");
            }
            Objects.requireNonNull(texts, "texts");
            Map<String, Text> into = new LinkedHashMap<>(this.texts.getOrDefault(tag, Map.of()));
            flatten(tag, namespace + ":", texts, into);
            this.texts.put(tag, into);
            return this;
        }

        /** {@return the translations added so far} */
        public Translations build() {
            return new Translations(this);
        }

        private static void flatten(String tag, String prefix, Map<String, ?> texts, Map<String, Text> into) {
            for (Map.Entry<String, ?> e : texts.entrySet()) {
                String segment = e.getKey();
                String key = prefix + segment;
                String field = "translations." + tag + "[" + key + "]";
                if (segment == null || segment.isBlank()) throw new InvalidInputException(field, "key must be non-blank");
                checkKey(field, key);
                Object v = e.getValue();
                if (v instanceof Map<?, ?> nested) {
                    @SuppressWarnings("unchecked") Map<String, ?> m = (Map<String, ?>) nested;
                    for (Object k : m.keySet()) {
                        if (!(k instanceof String)) throw new InvalidInputException(field, "nested keys must be strings, was " + k);
                    }
                    flatten(tag, key + ".", m, into);
                } else if (v instanceof String s) {
                    into.put(key, compile(field, s));
                } else {
                    throw new InvalidInputException(field, "must be a text or a map of texts, was " + (v == null ? "null" : v.getClass().getSimpleName()));
                }
            }
        }

        private static void checkKey(String field, String key) {
            int colon = key.indexOf(':');
            if (colon != key.lastIndexOf(':') || colon == 0) throw new InvalidInputException(field, "key must be 'namespace:key' or 'key'");
            String path = key.substring(colon + 1);
            if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
                throw new InvalidInputException(field, "key must not have an empty segment");
            }
            io.github.knockj.core.internal.Validate.text(field, key);
        }

        private static Text compile(String field, String source) {
            io.github.knockj.core.internal.Validate.text(field, source);
            List<String> parts = new ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(source);
            int at = 0;
            while (m.find()) {
                parts.add(source.substring(at, m.start()));
                parts.add(m.group(1));
                at = m.end();
            }
            parts.add(source.substring(at));
            for (int i = 0; i < parts.size(); i += 2) {
                String lit = parts.get(i);
                if (lit.contains("{{") || lit.contains("}}") || lit.contains("{%") || lit.contains("%}")) {
                    throw new InvalidInputException(field, "a translation interpolates only '{{ name }}' (a variable name, no filters or tags), was '"
                            + (source.length() > 60 ? source.substring(0, 57) + "..." : source) + "'");
                }
            }
            return new Text(source, parts.toArray(new String[0]));
        }

        private static String tag(String field, String locale) {
            if (locale == null || locale.isBlank()) throw new InvalidInputException(field, "locale must be a language tag such as 'en' or 'en-GB', was '" + locale + "'");
            Locale l = Locale.forLanguageTag(locale);
            String canonical = l.toLanguageTag();
            if (!l.getLanguage().isEmpty() && canonical.equals(locale) && !LANGUAGES.contains(l.getLanguage())) {
                throw new InvalidInputException(field, "locale '" + locale + "' names no ISO 639 language the JDK knows");
            }
            if (l.getLanguage().isEmpty() || !canonical.equals(locale)) {
                Locale hint = Locale.forLanguageTag(locale.trim().replace('_', '-'));
                throw new InvalidInputException(field, "locale '" + locale + "' is not a canonical language tag"
                        + (hint.getLanguage().isEmpty() ? "" : " (did you mean '" + hint.toLanguageTag() + "'?)"));
            }
            return canonical;
        }
    }
}
