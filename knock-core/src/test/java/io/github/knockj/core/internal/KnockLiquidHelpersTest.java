package io.github.knockj.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.Template.Escaping;
import io.github.knockj.core.TemplateRenderException;
import io.github.knockj.core.WorkflowDefinitionException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Knock's Liquid helpers (docs.knock.app, "Liquid helpers reference"): every example of the page
 * with the output it documents, edge cases, and a render that fails naming the helper for a bad
 * parameter.
 */
class KnockLiquidHelpersTest {
    private static String render(String source, Object... keysAndValues) {
        Map<String, Object> vars = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) vars.put((String) keysAndValues[i], keysAndValues[i + 1]);
        // JDK 20+ (CLDR 42) puts a narrow no-break space before AM/PM; compare across JDKs
        return Templates.render(Templates.parse(source), vars, Escaping.NONE, false, null).replace('\u202f', ' ');
    }

    private static void failsNaming(String source, String... parts) {
        assertThatThrownBy(() -> render(source, "t", "2023-12-31T19:30:00Z"))
                .isInstanceOf(TemplateRenderException.class)
                .hasMessageContainingAll(parts);
    }

    // --- the documented examples

    @Test
    void timezoneIsTheDocumentedExample() {
        assertThat(render("{{ timestamp | timezone: \"America/New_York\"}}", "timestamp", "2024-01-01T00:30:00Z"))
                .isEqualTo("2023-12-31T19:30:00-05:00");
    }

    @Test
    void dateTakesATimeZoneAsTheDocumentedExample() {
        assertThat(render("{{ startDate | date: \"%-I:%M %p %Z\" , \"America/New_York\" }}", "startDate", "2023-12-31T19:30:00Z"))
                .isEqualTo("2:30 PM EST");
    }

    @Test
    void formatDateInLocaleIsTheDocumentedExample() {
        assertThat(render("{{ timestamp | format_date_in_locale: \"en-GB\", \"long\" }}", "timestamp", "2023-12-31T19:30:00Z"))
                .isEqualTo("31 December 2023");
    }

    @Test
    void formatNumberCurrencyAndRoundedCurrencyAreTheDocumentedExamples() {
        assertThat(render("{{ 10000 | format_number: \"en\" }}")).isEqualTo("10,000");
        assertThat(render("{{ 10 | currency: \"GBP\", \"en\" }}")).isEqualTo("£10.00");
        assertThat(render("{{ 10.99 | rounded_currency: \"GBP\", \"en\" }}")).isEqualTo("£11");
    }

    @Test
    void pluralizeAndTitlecaseAreTheDocumentedExamples() {
        assertThat(render("{{ total_actors | pluralize: \"user\", \"users\" }}", "total_actors", 1)).isEqualTo("user");
        assertThat(render("{{ total_actors | pluralize: \"user\", \"users\" }}", "total_actors", 2)).isEqualTo("users");
        assertThat(render("{{ project_name | titlecase }}", "project_name", "my new project")).isEqualTo("My New Project");
    }

    @Test
    void theReadmeExampleRendersAsItSays() {
        String source = """
                {{ vars.app_name }}: {{ total_actors }} {{ total_actors | pluralize: "person", "people" }} commented on
                {{ startDate | date: "%-I:%M %p %Z", "America/New_York" }} ({{ data.amount | currency: "GBP", "en-GB" }})
                {{ timestamp | timezone: "Asia/Tokyo" | format_date_in_locale: "en-GB", "long" }}""";
        assertThat(render(source, "vars", Map.of("app_name", "Acme"), "total_actors", 3, "startDate", "2024-07-04T18:00:00Z",
                "data", Map.of("amount", 1234.5), "timestamp", "2023-12-31T19:30:00Z"))
                .isEqualTo("Acme: 3 people commented on\n2:00 PM EDT (£1,234.50)\n1 January 2024");
    }

    // --- dates

    @Test
    void timezoneFollowsDaylightSavingTimeAndKeepsUtcAsZ() {
        assertThat(render("{{ t | timezone: 'America/New_York' }}", "t", "2024-07-04T18:00:00Z")).isEqualTo("2024-07-04T14:00:00-04:00");
        assertThat(render("{{ t | timezone: 'Europe/London' }}", "t", "2024-01-10T09:00:00Z")).isEqualTo("2024-01-10T09:00:00+00:00");
        assertThat(render("{{ t | timezone: 'UTC' }}", "t", "2024-01-10T09:00:00+02:00")).isEqualTo("2024-01-10T07:00:00Z");
        assertThat(render("{{ t | timezone: 'Asia/Kolkata' }}", "t", "2024-01-10T09:00:00.250Z")).isEqualTo("2024-01-10T14:30:00.25+05:30");
        assertThat(render("{{ t | timezone: 'Asia/Tokyo' }}", "t", Instant.parse("2024-01-10T09:00:00Z"))).isEqualTo("2024-01-10T18:00:00+09:00");
        assertThat(render("[{{ missing | timezone: 'Asia/Tokyo' }}]")).as("nil prints nothing").isEqualTo("[]");
    }

    @Test
    void dateWithATimeZoneShowsSummerTimeAndWithoutOneStaysUtc() {
        assertThat(render("{{ t | date: '%H:%M %Z', 'America/New_York' }}", "t", "2024-07-04T18:00:00Z")).isEqualTo("14:00 EDT");
        assertThat(render("{{ t | date: '%Y-%m-%d %H:%M' }}", "t", "2024-07-04T18:00:00Z")).isEqualTo("2024-07-04 18:00");
        assertThat(render("{{ t | date: '%d %b %H:%M', 'Australia/Sydney' }}", "t", 1720116000L)).as("epoch seconds").isEqualTo("05 Jul 04:00");
        assertThat(render("{{ t | date: '%H:%M', 'Europe/Paris' }}", "t", "not a date")).as("liqp prints what it cannot read").isEqualTo("not a date");
        assertThat(render("{{ t | date: '%%Z is %Z', 'Europe/Paris' }}", "t", "2024-07-04T18:00:00Z")).as("an escaped %Z stays").isEqualTo("%Z is CEST");
        assertThat(render("{{ t | date: '%H:%M', missing }}", "t", "2024-07-04T18:00:00Z")).as("a nil zone: UTC").isEqualTo("18:00");
    }

    @Test
    void nowInTheDateFilterIsTheRenderTimeInTheGivenZone() {
        String out = Templates.renderingAt(Instant.parse("2031-04-05T23:30:00Z"),
                () -> render("{{ 'now' | date: '%Y-%m-%d %H:%M', 'Asia/Tokyo' }}|{{ 'today' | date: '%F' }}|{{ 'now' | timezone: 'America/Los_Angeles' }}"));
        assertThat(out).isEqualTo("2031-04-06 08:30|2031-04-05|2031-04-05T16:30:00-07:00");
    }

    @Test
    void formatDateInLocaleHasFourStylesAndKeepsTheTimestampsOffset() {
        String t = "2023-12-31T19:30:00Z";
        assertThat(render("{{ t | format_date_in_locale: 'en-US' }}", "t", t)).as("short by default").isEqualTo("12/31/23");
        assertThat(render("{{ t | format_date_in_locale: 'en-US', 'medium' }}", "t", t)).isEqualTo("Dec 31, 2023");
        assertThat(render("{{ t | format_date_in_locale: 'en-US', 'full' }}", "t", t)).isEqualTo("Sunday, December 31, 2023");
        assertThat(render("{{ t | format_date_in_locale: 'de', 'long' }}", "t", t)).isEqualTo("31. Dezember 2023");
        assertThat(render("{{ t | timezone: 'Asia/Tokyo' | format_date_in_locale: 'en-GB', 'long' }}", "t", t))
                .as("after timezone, the date there").isEqualTo("1 January 2024");
        assertThat(render("{{ t | format_date_in_locale: 'en_GB' }}", "t", "2023-12-31")).as("a date; en_GB read as en-GB").isEqualTo("31/12/2023");
    }

    @Test
    void formatDatetimeInLocaleTakesADateAndATimeStyle() {
        String t = "2023-12-31T19:30:00Z";
        assertThat(render("{{ t | format_datetime_in_locale: 'en-US', 'medium', 'short' }}", "t", t)).isEqualTo("Dec 31, 2023, 7:30 PM");
        assertThat(render("{{ t | format_datetime_in_locale: 'en-GB' }}", "t", t)).as("short and short by default").isEqualTo("31/12/2023, 19:30");
        assertThat(render("{{ t | timezone: 'America/New_York' | format_datetime_in_locale: 'en-US', 'short', 'long' }}", "t", t))
                .as("the ISO text timezone prints carries an offset, not the zone's name").isEqualTo("12/31/23, 2:30:00 PM -05:00");
        assertThat(render("{{ t | format_datetime_in_locale: 'en-US', 'short', 'long' }}", "t", t)).isEqualTo("12/31/23, 7:30:00 PM Z");
    }

    // --- numbers

    @Test
    void numbersFormatInTheLocaleFromNumbersAndTexts() {
        assertThat(render("{{ n | format_number: 'de' }}", "n", 1234567.891)).isEqualTo("1.234.567,891");
        assertThat(render("{{ n | format_number }}", "n", "-1234.5")).as("a text number, en-US by default").isEqualTo("-1,234.5");
        assertThat(render("{{ n | format_number: 'en' }}", "n", 0)).isEqualTo("0");
        assertThat(render("{{ n | format_number: 'fr' }}", "n", 10000L)).isEqualTo("10 000"); // a narrow no-break space
        assertThat(render("[{{ missing | format_number: 'en' }}]")).isEqualTo("[]");
    }

    @Test
    void currencyDefaultsToUsDollarsAndUsesTheCurrencysDecimals() {
        assertThat(render("{{ 10 | currency }}")).isEqualTo("$10.00");
        assertThat(render("{{ n | currency }}", "n", -5)).isEqualTo("-$5.00");
        assertThat(render("{{ n | currency: 'EUR', 'de-DE' }}", "n", "1234.5")).isEqualTo("1.234,50\u00a0€");
        assertThat(render("{{ n | currency: 'JPY', 'en' }}", "n", 1234.56)).isEqualTo("¥1,235");
        assertThat(render("{{ n | currency: 'usd' }}", "n", 0.005)).as("halves round up").isEqualTo("$0.01");
        assertThat(render("{{ n | rounded_currency }}", "n", 2.5)).isEqualTo("$3");
        assertThat(render("{{ n | rounded_currency: 'EUR', 'fr' }}", "n", 1999.49)).isEqualTo("1 999\u00a0€");
        assertThat(render("[{{ missing | currency }}]")).isEqualTo("[]");
    }

    // --- text

    @Test
    void pluralizeIsSingularOnlyForOne() {
        String t = "{{ n | pluralize: 'item', 'items' }}";
        assertThat(render(t, "n", 0)).isEqualTo("items");
        assertThat(render(t, "n", 1)).isEqualTo("item");
        assertThat(render(t, "n", "1")).isEqualTo("item");
        assertThat(render(t, "n", 1.0)).isEqualTo("item");
        assertThat(render(t, "n", 1.5)).isEqualTo("items");
        assertThat(render(t, "n", -1)).isEqualTo("items");
        assertThat(render(t, "n", 1000)).isEqualTo("items");
        assertThat(render("{{ missing | pluralize: 'item', 'items' }}")).isEqualTo("items");
    }

    @Test
    void titlecaseCapitalizesEachWordAndKeepsTheSpacing() {
        assertThat(render("{{ s | titlecase }}", "s", "hello  WORLD\tés-tu là")).isEqualTo("Hello  World\tÉs-tu Là");
        assertThat(render("{{ s | titlecase }}", "s", "")).isEqualTo("");
        assertThat(render("[{{ missing | titlecase }}]")).isEqualTo("[]");
    }

    @Test
    void md5AndHmacSha256AreHexDigests() {
        assertThat(render("{{ 'hello' | md5 }}")).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(render("{{ 'Message' | hmac_sha256: 'secret' }}")).isEqualTo("aa747c502a898200f9e4fa21bac68136f886a0e27aec70ba06daf2e2a5cb5597");
    }

    @Test
    void helpersAreGuardedAndEscapedLikeOtherFilters() {
        String out = Templates.render(Templates.parse("{{ s | titlecase }}"), Map.of("s", "tom & <jerry>"), Escaping.HTML, false, null);
        assertThat(out).isEqualTo("Tom &amp; &lt;jerry&gt;");
        assertThat(LiquidFilters.ALLOWED).containsAll(KnockFilters.NAMES);
    }

    // --- bad parameters

    @Test
    void badParametersFailTheRenderNamingTheHelper() {
        failsNaming("{{ t | timezone: 'Mars/Olympus' }}", "filter 'timezone'", "unknown time zone 'Mars/Olympus'");
        failsNaming("{{ t | timezone }}", "filter 'timezone'", "needs an IANA time zone");
        failsNaming("{{ t | date: '%H', 'Nowhere/City' }}", "filter 'date'", "unknown time zone 'Nowhere/City'");
        failsNaming("{{ t | format_date_in_locale: 'en', 'huge' }}", "filter 'format_date_in_locale'", "unknown date format 'huge'");
        failsNaming("{{ t | format_date_in_locale }}", "filter 'format_date_in_locale'", "needs a locale");
        failsNaming("{{ t | format_datetime_in_locale: 'en', 'short', 'tiny' }}", "filter 'format_datetime_in_locale'", "unknown time format 'tiny'");
        failsNaming("{{ 'yesterday-ish' | format_date_in_locale: 'en' }}", "filter 'format_date_in_locale'", "expects an ISO 8601 timestamp");
        failsNaming("{{ 1 | format_number: 'not a locale!' }}", "filter 'format_number'", "invalid locale 'not a locale!'");
        failsNaming("{{ 1 | format_number: 'xx' }}", "filter 'format_number'", "unknown locale 'xx'");
        failsNaming("{{ 'ten' | format_number }}", "filter 'format_number'", "expects a number, was 'ten'");
        failsNaming("{{ 1 | currency: 'XYZ' }}", "filter 'currency'", "unknown currency 'XYZ'");
        failsNaming("{{ 1 | rounded_currency: 'GBP', '12' }}", "filter 'rounded_currency'", "locale '12'");
        failsNaming("{{ 2 | pluralize: 'item' }}", "filter 'pluralize'", "needs the plural");
        failsNaming("{{ 'x' | hmac_sha256 }}", "filter 'hmac_sha256'", "needs the key");
    }

    @Test
    void anUnknownFilterIsStillRefusedWhenDefined() {
        assertThatThrownBy(() -> Templates.parse("{{ 1 | localize: 'greeting' }}")).isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("filter 'localize' is not allowed");
    }
}
