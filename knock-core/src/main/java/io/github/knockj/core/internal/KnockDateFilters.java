package io.github.knockj.core.internal;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.FormatStyle;
import java.util.Locale;
import liqp.TemplateContext;
import liqp.filters.Filter;

/**
 * Knock's date helpers: {@code timezone}, {@code format_date_in_locale},
 * {@code format_datetime_in_locale}, and the {@code date} filter's time zone parameter. Each reads
 * its input as {@link KnockFilters#time} does and works in the input's own offset unless given a
 * zone, so that {@code {{ timestamp | timezone: "Europe/Paris" | format_date_in_locale: "fr" }}}
 * is the date in Paris.
 */
final class KnockDateFilters {
    /** ISO 8601 with the offset as {@code +HH:MM}, or {@code Z} in UTC itself. */
    private static final DateTimeFormatter ISO_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HH:MM", "+00:00").toFormatter(Locale.ROOT);

    private KnockDateFilters() {}

    /** {@code {{ timestamp | timezone: "America/New_York" }}}: the same instant as an ISO 8601 timestamp in that zone. */
    static final class InZone extends Filter {
        InZone() {
            super("timezone");
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            ZoneId zone = KnockFilters.zone(name, KnockFilters.required(name, params, 0, "an IANA time zone"));
            ZonedDateTime z = KnockFilters.time(name, value, context);
            return z == null ? null : iso(z.withZoneSameInstant(zone));
        }

        private static String iso(ZonedDateTime z) {
            return z.getZone().normalized().equals(ZoneOffset.UTC)
                    ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(z)
                    : ISO_OFFSET.format(z);
        }
    }

    /**
     * {@code {{ timestamp | format_date_in_locale: "en-GB", "long" }}} is {@code 31 December 2023}: the date,
     * localized; and {@code {{ timestamp | format_datetime_in_locale: "en-US", "medium", "short" }}} is
     * {@code Dec 31, 2023, 7:30 PM}: the date and the time. Each style is short (default), medium, long or full.
     */
    static final class Localized extends Filter {
        private final boolean withTime;

        Localized(String name, boolean withTime) {
            super(name);
            this.withTime = withTime;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            Locale locale = KnockFilters.locale(name, KnockFilters.required(name, params, 0, "a locale"));
            FormatStyle date = style(name, KnockFilters.param(params, 1), "date format");
            FormatStyle time = withTime ? style(name, KnockFilters.param(params, 2), "time format") : null;
            ZonedDateTime z = KnockFilters.time(name, value, context);
            if (z == null) return null;
            DateTimeFormatter f = withTime ? DateTimeFormatter.ofLocalizedDateTime(date, time) : DateTimeFormatter.ofLocalizedDate(date);
            return f.withLocale(locale).format(z);
        }
    }

    /**
     * liqp's {@code date} with Knock's extra time zone parameter
     * ({@code {{ startDate | date: "%-I:%M %p %Z", "America/New_York" }}}), and {@code "now"} and
     * {@code "today"} read from the render's time ({@link Templates#renderTime()}) instead of the
     * machine's clock and zone.
     */
    static final class ZonedDate extends Filter {
        private final Filter liqp;

        ZonedDate(Filter liqp) {
            super("date");
            this.liqp = liqp;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            if ("now".equals(value) || "today".equals(value)) value = Templates.renderTime();
            String zoneId = KnockFilters.param(params, 1);
            String format = KnockFilters.param(params, 0);
            if (zoneId == null || format == null) return liqp.apply(value, context, params);
            ZoneId zone = KnockFilters.zone(name, zoneId);
            ZonedDateTime z = KnockFilters.readTime(value, context);
            if (z == null) return liqp.apply(value, context, params[0]);
            z = z.withZoneSameInstant(zone);
            return liqp.apply(z, context, abbreviatedZone(format, z));
        }

        /** {@code %Z} as Ruby's strftime prints it, the zone's abbreviation ({@code EST}); liqp would print its full name. */
        static String abbreviatedZone(String format, ZonedDateTime z) {
            if (!format.contains("%Z")) return format;
            String abbreviation = ZONE_ABBREVIATION.format(z);
            StringBuilder b = new StringBuilder(format.length() + 8);
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c == '%' && i + 1 < format.length()) {
                    char next = format.charAt(++i);
                    if (next == 'Z') b.append(abbreviation.replace("%", "%%"));
                    else b.append(c).append(next);
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }

    private static final DateTimeFormatter ZONE_ABBREVIATION = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);

    private static FormatStyle style(String filter, String name, String what) {
        if (name == null) return FormatStyle.SHORT;
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "short" -> FormatStyle.SHORT;
            case "medium" -> FormatStyle.MEDIUM;
            case "long" -> FormatStyle.LONG;
            case "full" -> FormatStyle.FULL;
            default -> throw KnockFilters.fail(filter, "unknown " + what + " '" + name + "' (short, medium, long or full)");
        };
    }
}
