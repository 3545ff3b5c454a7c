package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Knock's template variables {@code vars} (the account's variables,
 * {@link Notifier.Builder#templateVariables}) and {@code timestamp} (when the activity occurred:
 * the trigger's time, as {@code activities[0].inserted_at}), in sends and previews.
 */
class KnockTemplateVariablesTest {
    private final TestKit kit = TestKit.create();
    private final RecordingProvider sms = RecordingProvider.of(ChannelType.SMS);

    private Notifier notifier(Map<String, Object> vars) {
        return Notifier.builder().testKit(kit).channel("sms", sms).templateVariables(vars)
                .workflow(Workflow.builder("welcome")
                        .step(Steps.channel("plain", "sms").body("{{ vars.app_name }} at {{ timestamp }}"))
                        .step(Steps.delay("wait", Duration.ofHours(30)))
                        .step(Steps.channel("helpers", "sms").body("{{ vars.support.email | upcase }} {{ timestamp | timezone: 'America/New_York' }}"
                                + " {{ timestamp | format_date_in_locale: vars.locale, 'long' }} {{ activities[0].inserted_at == timestamp }}"))
                        .build())
                .build();
    }

    private static Map<String, Object> acme() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("app_name", "Acme");
        vars.put("locale", "en-GB");
        vars.put("support", new HashMap<>(Map.of("email", "help@acme.test")));
        return vars;
    }

    @Test
    void varsAndTimestampAreInEveryMessageAndTimestampIsWhenTheRunWasTriggered() {
        kit.clock().set(Instant.parse("2031-04-05T06:07:08Z"));
        try (Notifier n = notifier(acme())) {
            n.users().identify(User.builder("ada").phoneNumber("+15550100").build());
            n.trigger("welcome").recipients("ada").send();
            kit.runDue();
            kit.advance(Duration.ofHours(30));

            assertThat(sms.sent()).extracting(s -> s.message().content().get("body")).containsExactly(
                    "Acme at 2031-04-05T06:07:08Z",
                    "HELP@ACME.TEST 2031-04-05T02:07:08-04:00 5 April 2031 true");
        }
    }

    @Test
    void inABatchTimestampIsWhenTheRunThatOpenedItWasTriggeredAndConditionsReadVars() {
        kit.clock().set(Instant.parse("2031-04-05T06:00:00Z"));
        try (Notifier n = Notifier.builder().testKit(kit).channel("sms", sms).templateVariables(Map.of("plan", "pro"))
                .workflow(Workflow.builder("digest")
                        .step(Steps.batch("collect").window(Duration.ofMinutes(10)))
                        .step(Steps.channel("pro", "sms").when(ctx -> "pro".equals(ctx.value("vars.plan")))
                                .body("{{ timestamp }} {{ activities[0].inserted_at }} {{ activities[1].inserted_at }}"))
                        .step(Steps.channel("free", "sms").when(ctx -> "free".equals(ctx.value("vars.plan"))).body("free"))
                        .build())
                .build()) {
            n.users().identify(User.builder("ada").phoneNumber("+15550100").build());
            n.trigger("digest").recipients("ada").send();
            kit.runDue();
            kit.advance(Duration.ofMinutes(3));
            n.trigger("digest").recipients("ada").send();
            kit.runDue();
            kit.advance(Duration.ofMinutes(10));

            assertThat(sms.sent()).extracting(s -> s.message().content().get("body"))
                    .containsExactly("2031-04-05T06:00:00Z 2031-04-05T06:00:00Z 2031-04-05T06:03:00Z");
        }
    }

    @Test
    void aPreviewShowsVarsAndItsOwnTimeAsTimestamp() {
        kit.clock().set(Instant.parse("2031-12-31T23:30:00Z"));
        try (Notifier n = notifier(acme())) {
            n.users().identify(User.builder("ada").phoneNumber("+15550100").build());
            assertThat(n.preview("welcome", "plain", Recipient.user("ada"), Map.of()).content().get("body"))
                    .isEqualTo("Acme at 2031-12-31T23:30:00Z");
            assertThat(n.preview("welcome", "helpers", Recipient.user("ada"), Map.of()).content().get("body"))
                    .isEqualTo("HELP@ACME.TEST 2031-12-31T18:30:00-05:00 31 December 2031 true");
        }
    }

    @Test
    void varsAreCopiedWhenBuiltAndCannotBeChangedByTemplatesOrTheCaller() {
        Map<String, Object> vars = acme();
        try (Notifier n = notifier(vars)) {
            vars.put("app_name", "Changed");
            ((Map<String, Object>) vars.get("support")).put("email", "changed@acme.test");
            n.users().identify(User.builder("ada").phoneNumber("+15550100").build());
            assertThat(n.preview("welcome", "helpers", Recipient.user("ada"), Map.of()).content().get("body")).startsWith("HELP@ACME.TEST ");
            assertThat(n.preview("welcome", "plain", Recipient.user("ada"), Map.of()).content().get("body")).startsWith("Acme at ");
        }
    }

    @Test
    void withoutTemplateVariablesVarsIsEmptyAndALookupInItIsUndefined() {
        try (Notifier n = Notifier.builder().testKit(kit).channel("sms", sms)
                .workflow(Workflow.builder("w").step(Steps.channel("text", "sms").body("[{{ vars.app_name }}]")).build()).build()) {
            n.users().identify(User.builder("ada").phoneNumber("+15550100").build());
            assertThatThrownBy(() -> n.preview("w", "text", Recipient.user("ada"), Map.of()))
                    .isInstanceOf(TemplateRenderException.class).hasMessageContaining("undefined variable 'vars.app_name'");
        }
    }

    @Test
    void templateVariablesAreValidatedLikeOtherInput() {
        assertThatThrownBy(() -> Notifier.builder().templateVariables(null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("templateVariables");
        Map<Object, Object> badKey = new HashMap<>();
        badKey.put(1, "x");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> cast = (Map) badKey;
        assertThatThrownBy(() -> Notifier.builder().templateVariables(cast)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("templateVariables").hasMessageContaining("keys must be strings");
        assertThatThrownBy(() -> Notifier.builder().templateVariables(Map.of("when", new Object())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("templateVariables.when");
    }
}
