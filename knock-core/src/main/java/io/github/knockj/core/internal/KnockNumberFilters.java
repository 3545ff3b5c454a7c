package io.github.knockj.core.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Locale;
import liqp.TemplateContext;
import liqp.filters.Filter;

/**
 * Knock's number helpers: {@code format_number}, {@code currency} and {@code rounded_currency},
 * formatted by the JDK's locale data ({@link NumberFormat}). The input is a number or a text
 * holding one; nil prints nothing. Halves round up (away from zero), as people count money.
 */
final class KnockNumberFilters {
    /** The locale when a helper is given none. */
    static final Locale DEFAULT_LOCALE = Locale.forLanguageTag("en-US");
    /** The currency when {@code currency} or {@code rounded_currency} is given none. */
    static final String DEFAULT_CURRENCY = "USD";

    private KnockNumberFilters() {}

    /** {@code {{ 10000 | format_number: "en" }}} is {@code 10,000}: grouped, up to three decimals, in the locale (default en-US). */
    static final class FormatNumber extends Filter {
        FormatNumber() {
            super("format_number");
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            String tag = KnockFilters.param(params, 0);
            Locale locale = tag == null ? DEFAULT_LOCALE : KnockFilters.locale(name, tag);
            BigDecimal n = KnockFilters.number(name, value);
            if (n == null) return null;
            NumberFormat f = NumberFormat.getNumberInstance(locale);
            f.setRoundingMode(RoundingMode.HALF_UP);
            return f.format(n);
        }
    }

    /**
     * {@code {{ 10 | currency: "GBP", "en" }}} is {@code £10.00}, {@code {{ 10.99 | rounded_currency: "GBP", "en" }}}
     * is {@code £11}: the amount in an ISO 4217 currency (default USD) with the currency's decimals,
     * or none when rounded, written as the locale (default en-US) writes money.
     */
    static final class Currency extends Filter {
        private final boolean rounded;

        Currency(String name, boolean rounded) {
            super(name);
            this.rounded = rounded;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            String code = KnockFilters.param(params, 0);
            java.util.Currency currency = currency(code == null ? DEFAULT_CURRENCY : code);
            String tag = KnockFilters.param(params, 1);
            Locale locale = tag == null ? DEFAULT_LOCALE : KnockFilters.locale(name, tag);
            BigDecimal n = KnockFilters.number(name, value);
            if (n == null) return null;
            NumberFormat f = NumberFormat.getCurrencyInstance(locale);
            f.setCurrency(currency);
            int digits = rounded ? 0 : Math.max(0, currency.getDefaultFractionDigits());
            f.setMinimumFractionDigits(digits);
            f.setMaximumFractionDigits(digits);
            f.setRoundingMode(RoundingMode.HALF_UP);
            return f.format(n);
        }

        private java.util.Currency currency(String code) {
            try {
                return java.util.Currency.getInstance(code.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw KnockFilters.fail(name, "unknown currency '" + code + "' (an ISO 4217 code such as USD)");
            }
        }
    }
}
