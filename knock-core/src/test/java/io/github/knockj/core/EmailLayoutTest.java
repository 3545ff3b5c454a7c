package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Knock's email layouts (docs.knock.app, "Email layouts"): the layout's {@code {{ content }}} takes
 * the step's rendered html (and text, when the layout has a text version), escaped once; a default
 * layout; a per-step choice; {@code footer_links}.
 */
class EmailLayoutTest {
    private final TestKit kit = TestKit.create();
    private final RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL);
    private final RecordingProvider sms = RecordingProvider.of(ChannelType.SMS);

    private static final EmailLayout DEFAULT = EmailLayout.of("default",
                    "<html><body>{{ content }}<footer>{% for link in footer_links %}<a href=\"{{ link.url }}\">{{ link.text }}</a>{% endfor %}"
                            + " {{ vars.app_name }}</footer></body></html>")
            .withText("{{ content }}\n-- {{ vars.app_name }}")
            .withFooterLink("Preferences", "https://example.com/preferences?a=1&b=2");
    private static final EmailLayout PLAIN = EmailLayout.of("plain", "<div>{{ content }}</div>");

    private Notifier.Builder builder() {
        return Notifier.builder().testKit(kit).channel("email", email).channel("sms", sms)
                .templateVariables(Map.of("app_name", "Acme"))
                .emailLayout(DEFAULT).emailLayout(PLAIN).defaultEmailLayout("default");
    }

    /** Builds the Notifier and identifies ada, bob and cy with email addresses. */
    private Notifier start(Notifier.Builder b) {
        Notifier n = b.build();
        for (String id : java.util.List.of("ada", "bob", "cy")) {
            n.users().identify(User.builder(id).name(id.substring(0, 1).toUpperCase() + id.substring(1)).email(id + "@example.com").phoneNumber("+15550000001").build());
        }
        return n;
    }

    private static Workflow welcome(ChannelStep mail) {
        return Workflow.builder("welcome").step(mail).build();
    }

    private static ChannelStep mail() {
        return Steps.channel("mail", "email").subject("Hi {{ data.name }}").html("<p>Hello {{ data.name }}</p>").text("Hello {{ data.name }}");
    }

    @Test
    void theDefaultLayoutWrapsHtmlAndTextOfASentEmailEscapingTheDataOnce() {
        try (Notifier n = start(builder().workflow(welcome(mail())))) {
            n.trigger("welcome").recipients("ada").data(Map.of("name", "<b>Ada</b> & co")).send();
            kit.runDue();

            Map<String, String> content = email.sent().get(0).message().content();
            assertThat(content.get("subject")).as("only html and text take the layout").isEqualTo("Hi <b>Ada</b> & co");
            assertThat(content.get("html")).isEqualTo("<html><body><p>Hello &lt;b&gt;Ada&lt;/b&gt; &amp; co</p>"
                    + "<footer><a href=\"https://example.com/preferences?a=1&amp;b=2\">Preferences</a> Acme</footer></body></html>");
            assertThat(content.get("text")).isEqualTo("Hello <b>Ada</b> & co\n-- Acme");
        }
    }

    @Test
    void aStepNamesItsLayoutOrNone() {
        try (Notifier n = start(builder()
                .workflow(Workflow.builder("a").step(mail().layout("plain")).build())
                .workflow(Workflow.builder("b").step(mail().withoutLayout()).build())
                )) {
            n.trigger("a").recipients("ada").data(Map.of("name", "Ada")).send();
            n.trigger("b").recipients("ada").data(Map.of("name", "Ada")).send();
            kit.runDue();

            assertThat(email.sentContent("html")).containsExactlyInAnyOrder("<div><p>Hello Ada</p></div>", "<p>Hello Ada</p>");
            assertThat(email.sentContent("text")).as("a layout without a text version leaves text as rendered")
                    .containsExactly("Hello Ada", "Hello Ada");
        }
    }

    @Test
    void withoutADefaultLayoutAnEmailIsSentAsRenderedAndOtherChannelsNeverTakeALayout() {
        try (Notifier n = start(Notifier.builder().testKit(kit).channel("email", email).channel("sms", sms).emailLayout(PLAIN)
                .workflow(Workflow.builder("w").step(mail()).step(Steps.channel("text", "sms").text("Hi {{ data.name }}")).build()))) {
            n.trigger("w").recipients("ada").data(Map.of("name", "Ada")).send();
            kit.runDue();
            assertThat(email.sentContent("html")).containsExactly("<p>Hello Ada</p>");
            assertThat(sms.sentContent("text")).containsExactly("Hi Ada");
        }
    }

    @Test
    void aLayoutWithoutContentIsRefusedNamingIt() {
        assertThatThrownBy(() -> EmailLayout.of("broken", "<html>{{ contents }}</html>"))
                .isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("email layout 'broken' html must output {{ content }}");
        assertThatThrownBy(() -> PLAIN.withText("no content here"))
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("email layout 'plain' text");
        assertThatThrownBy(() -> EmailLayout.of("bad", "{{ content }}{% include 'x' %}"))
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("email layout 'bad' html").hasMessageContaining("include");
        assertThatThrownBy(() -> EmailLayout.of(" ", "{{ content }}")).isInstanceOf(InvalidInputException.class);
        assertThat(EmailLayout.of("filtered", "{{ content | strip }}").key()).as("content may go through filters").isEqualTo("filtered");
    }

    @Test
    void anUnknownLayoutALayoutOnAnotherChannelOrAnUnknownDefaultFailsTheBuild() {
        assertThatThrownBy(() -> builder().workflow(welcome(mail().layout("fancy"))).build())
                .isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("workflow 'welcome' step 'mail' uses email layout 'fancy', which is not registered")
                .hasMessageContaining("[default, plain]");
        assertThatThrownBy(() -> builder().workflow(welcome(Steps.channel("mail", "sms").text("x").layout("plain"))).build())
                .isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("step 'mail' names email layout 'plain', but channel 'sms' is not an email channel");
        assertThatThrownBy(() -> Notifier.builder().testKit(kit).channel("email", email).defaultEmailLayout("nope").build())
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("default email layout 'nope' is not registered");
        assertThatThrownBy(() -> builder().emailLayout(EmailLayout.of("plain", "{{ content }}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("email layout 'plain' is registered twice");
    }

    @Test
    void theLayoutSeesTheRunsVariablesAndStrictModeChecksThem() {
        EmailLayout greeting = EmailLayout.of("greeting", "<h1>Hi {{ recipient.name }}</h1>{{ content }}{{ data.missing }}");
        try (Notifier n = start(builder().emailLayout(greeting).workflow(welcome(mail().layout("greeting"))))) {
            assertThatThrownBy(() -> n.preview("welcome", "mail", Recipient.user("ada"), Map.of("name", "Ada")))
                    .isInstanceOf(TemplateRenderException.class)
                    .hasMessageContaining("field 'html'").hasMessageContaining("email layout 'greeting'").hasMessageContaining("data.missing");
        }
        try (Notifier n = start(builder().strictTemplates(false).emailLayout(greeting).workflow(welcome(mail().layout("greeting"))))) {
            TemplatePreview p = n.preview("welcome", "mail", Recipient.user("ada"), Map.of("name", "Ada"));
            assertThat(p.content().get("html")).isEqualTo("<h1>Hi Ada</h1><p>Hello Ada</p>");
            assertThat(p.undefinedVariables()).containsExactly("field 'html' layout 'greeting': data.missing");
        }
    }

    @Test
    void contentThroughAFilterIsTextAgainEscapedLikeAnyValueUnlessRaw() {
        EmailLayout filtered = EmailLayout.of("filtered", "{{ content | upcase }}|{{ content | upcase | raw }}|{% if content %}{{ content }}{% endif %}");
        try (Notifier n = start(builder().emailLayout(filtered).workflow(welcome(mail().layout("filtered"))))) {
            assertThat(n.preview("welcome", "mail", Recipient.user("ada"), Map.of("name", "<i>")).content().get("html"))
                    .isEqualTo("&lt;P&gt;HELLO &amp;LT;I&amp;GT;&lt;/P&gt;|<P>HELLO &LT;I&GT;</P>|<p>Hello &lt;i&gt;</p>");
        }
    }

    @Test
    void trackingInstrumentsTheLaidOutHtmlTheLayoutsLinksIncluded() {
        SignedTokens tokens = SignedTokens.create("tracking-secret-0123456789abcdef!!".getBytes(java.nio.charset.StandardCharsets.UTF_8), kit.clock());
        try (Notifier n = start(builder().tracking(Tracking.at("https://app.example/t", tokens)).workflow(welcome(mail())))) {
            n.trigger("welcome").recipients("ada").data(Map.of("name", "Ada")).send();
            kit.runDue();
            String html = email.sentContent("html").get(0);
            assertThat(html).startsWith("<html><body><p>Hello Ada</p>").doesNotContain("href=\"https://example.com/preferences")
                    .contains("href=\"https://app.example/t/c/").containsPattern("<img src=\"https://app.example/t/o/[^\"]+\"[^>]*></body>");
        }
    }

    @Test
    void previewShowsTheLaidOutEmailAsASendWould() {
        try (Notifier n = start(builder().workflow(welcome(mail())))) {
            TemplatePreview p = n.preview("welcome", "mail", Recipient.user("ada"), Map.of("name", "<i>Ada</i>"));
            assertThat(p.content().get("html")).startsWith("<html><body><p>Hello &lt;i&gt;Ada&lt;/i&gt;</p><footer>");
            n.trigger("welcome").recipients("ada").data(Map.of("name", "<i>Ada</i>")).send();
            kit.runDue();
            assertThat(email.sent().get(0).message().content()).isEqualTo(p.content());
        }
    }

    @Test
    void aLayoutReadingTheRecipientIsNotReusedAcrossTheRecipientsOfOneTrigger() {
        // the step's templates read only data (plain, so their rendering is reused per trigger); the layout reads the recipient
        EmailLayout perRecipient = EmailLayout.of("per-recipient", "<p>To {{ recipient.id }}</p>{{ content }}");
        try (Notifier n = start(builder().emailLayout(perRecipient)
                .workflow(welcome(Steps.channel("mail", "email").subject("{{ data.name }}").html("{{ data.name }}").layout("per-recipient")))
                .workflow(Workflow.builder("other").step(Steps.channel("mail", "email").subject("{{ data.name }}").html("{{ data.name }}")
                        .layout("plain")).build())
                )) {
            n.trigger("welcome").recipients("ada", "bob").data(Map.of("name", "News")).send();
            n.trigger("other").recipients("cy").data(Map.of("name", "News")).send();
            kit.runDue();
            assertThat(email.sentContent("html")).containsExactlyInAnyOrder("<p>To ada</p>News", "<p>To bob</p>News", "<div>News</div>");
        }
    }
}
