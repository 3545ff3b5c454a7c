package io.github.knockj.core.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.HashSet;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import liqp.LValue;
import liqp.TemplateContext;
import liqp.filters.Filter;
import liqp.filters.date.BasicDateParser;

/**
 * Knock's own Liquid helpers (docs.knock.app, "Liquid helpers reference"): the dates of
 * {@link KnockDateFilters}, the numbers of {@link KnockNumberFilters} and the text of
 * {@link KnockTextFilters}; and what they share: reading a filter's input and parameters, and
 * failing the render with a reason that names the filter. {@link LiquidFilters} registers and
 * guards them like liqp's own.
 */
final class KnockFilters {
    /** The names of Knock's helpers, in the order the documentation lists them. */
    static final List<String> NAMES = List.of("timezone", "format_date_in_locale", "format_datetime_in_locale", "format_number",
            "currency", "rounded_currency", "pluralize", "titlecase", "md5", "hmac_sha256");

    /** Languages the JDK has formats for: a tag in another language is refused rather than formatted in the root locale. */
    private static final Set<String> LANGUAGES = languages();

    private KnockFilters() {}

    /** A new instance of each helper. */
    static List<Filter> all() {
        return List.of(new KnockDateFilters.InZone(), new KnockDateFilters.Localized("format_date_in_locale", false),
                new KnockDateFilters.Localized("format_datetime_in_locale", true),
                new KnockNumberFilters.FormatNumber(), new KnockNumberFilters.Currency("currency", false),
                new KnockNumberFilters.Currency("rounded_currency", true), new KnockTextFilters.Pluralize(),
                new KnockTextFilters.Titlecase(), new KnockTextFilters.Md5(), new KnockTextFilters.HmacSha256());
    }

    /** Fails the render under way: "filter 'name': reason". */
    static RuntimeException fail(String filter, String reason) {
        throw RenderGuard.current().fail("filter '" + filter + "': " + reason);
    }

    /** Parameter {@code i} as text, or null if it was not given or is nil. */
    static String param(Object[] params, int i) {
        if (i >= params.length || params[i] == null) return null;
        return String.valueOf(params[i]);
    }

    /** Parameter {@code i} as text; fails the render if it was not given. */
    static String required(String filter, Object[] params, int i, String what) {
        String p = param(params, i);
        if (p == null) throw fail(filter, "needs " + what + " as parameter " + (i + 1));
        return p;
    }

    /**
     * A locale from a BCP 47 tag ({@code "en"}, {@code "en-GB"}; {@code "en_GB"} is read the same);
     * fails the render if the tag is ill-formed or names a language the JDK has no formats for.
     */
    static Locale locale(String filter, String tag) {
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(tag.trim().replace('_', '-')).build();
        } catch (IllformedLocaleException e) {
            throw fail(filter, "invalid locale '" + tag + "'");
        }
        if (locale.getLanguage().isEmpty() || !LANGUAGES.contains(locale.getLanguage())) {
            throw fail(filter, "unknown locale '" + tag + "'");
        }
        return locale;
    }

    /** An IANA time zone ({@code "America/New_York"}) or offset; fails the render if there is none by that name. */
    static ZoneId zone(String filter, String id) {
        try {
            return ZoneId.of(id.trim());
        } catch (java.time.DateTimeException e) {
            throw fail(filter, "unknown time zone '" + id + "'");
        }
    }

    /**
     * A number from a number or a text holding one ({@code "12.50"}); null for nil. Fails the render
     * for anything else.
     */
    static BigDecimal number(String filter, Object value) {
        if (value == null) return null;
        if (value instanceof BigDecimal d) return d;
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw fail(filter, "expects a number, was " + d);
            return BigDecimal.valueOf(d);
        }
        if (value instanceof Number n) return new BigDecimal(n.toString());
        if (value instanceof CharSequence s) {
            try {
                return new BigDecimal(s.toString().trim());
            } catch (NumberFormatException e) {
                throw fail(filter, "expects a number, was '" + abbreviate(s.toString()) + "'");
            }
        }
        throw fail(filter, "expects a number, was " + value.getClass().getSimpleName().toLowerCase(Locale.ROOT));
    }

    /**
     * The time {@code value} stands for, in its own offset: an ISO 8601 timestamp (one without an
     * offset is UTC, a date is its midnight UTC), {@code "now"} or {@code "today"} (the render's
     * time), a date liqp made, seconds since the epoch, or another text liqp's {@code date} filter
     * reads; null for nil. Fails the render for anything else.
     */
    static ZonedDateTime time(String filter, Object value, TemplateContext context) {
        if (value == null) return null;
        ZonedDateTime z = readTime(value, context);
        if (z == null) throw fail(filter, "expects an ISO 8601 timestamp, was '" + abbreviate(String.valueOf(value).trim()) + "'");
        return z;
    }

    /** Like {@link #time}, but null for what it cannot read (liqp's {@code date} prints such input unchanged). */
    static ZonedDateTime readTime(Object value, TemplateContext context) {
        if (value == null) return null;
        if (value instanceof ZonedDateTime z) return z;
        if (value instanceof Instant i) return i.atZone(ZoneOffset.UTC);
        if (LValue.isTemporal(value)) {
            return BasicDateParser.getZonedDateTimeFromTemporalAccessor(LValue.asTemporal(value, context), ZoneOffset.UTC);
        }
        if (value instanceof Number n) return Instant.ofEpochSecond(n.longValue()).atZone(ZoneOffset.UTC);
        String s = String.valueOf(value).trim();
        if (s.equals("now") || s.equals("today")) return Templates.renderTime();
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, ZonedDateTime::from, LocalDateTime::from);
            return t instanceof ZonedDateTime z ? z : ((LocalDateTime) t).atZone(ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            // not a date-time: a date, or a form liqp reads
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            // not a date either
        }
        try {
            return context.getDateParser().parse(s, context.getParser().locale, ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    private static Set<String> languages() {
        Set<String> out = new HashSet<>();
        for (Locale l : Locale.getAvailableLocales()) if (!l.getLanguage().isEmpty()) out.add(l.getLanguage());
        return Set.copyOf(out);
    }
}
