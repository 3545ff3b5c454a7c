package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Notifier.preview renders a channel step exactly as a send would, and writes nothing. */
class PreviewTest {
    private final TestKit kit = TestKit.create();
    private final RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL);

    private Notifier notifier(boolean strict) {
        return Notifier.builder().testKit(kit).strictTemplates(strict).channel("email", email)
                .workflow(Workflow.builder("welcome").name("Welcome")
                        .step(Steps.delay("wait", java.time.Duration.ofMinutes(1)))
                        .step(Steps.channel("mail", "email").subject("Hi {{ recipient.name }}: {{ data.title }}")
                                .html("<p>{{ data.title }} in {{ workflow.name }} ({{ total_activities }})</p>"))
                        .build())
                .build();
    }

    @Test
    void previewRendersWhatASendWouldSendEscapedAndStoresNothing() {
        try (Notifier n = notifier(false)) {
            n.users().identify(User.builder("ada").name("Ada <L>").email("ada@example.com").build());
            Map<String, Object> data = Map.of("title", "<script>x</script> & co");

            TemplatePreview p = n.preview("welcome", "mail", Recipient.user("ada"), data);

            assertThat(p.channelKey()).isEqualTo("email");
            assertThat(p.channelType()).isEqualTo(ChannelType.EMAIL);
            assertThat(p.content()).containsKeys("subject", "html");
            assertThat(p.content().get("html")).isEqualTo("<p>&lt;script&gt;x&lt;/script&gt; &amp; co in Welcome (1)</p>");
            assertThat(p.undefinedVariables()).isEmpty();
            assertThat(n.store().countJobs()).as("nothing queued").isZero();
            assertThat(n.messages().list(MessageQuery.newest())).as("nothing stored").isEmpty();
            assertThat(email.sent()).isEmpty();

            n.trigger("welcome").recipients("ada").data(data).send();
            kit.runDue();
            kit.advance(java.time.Duration.ofMinutes(1));
            assertThat(email.sent()).hasSize(1);
            assertThat(email.sent().get(0).message().content()).isEqualTo(p.content());
        }
    }

    @Test
    void anUnknownRecipientIsSeenByIdAndUndefinedVariablesAreReported() {
        try (Notifier n = notifier(false)) {
            TemplatePreview p = n.preview("welcome", "mail", Recipient.user("nobody"), null);
            assertThat(p.content().get("subject")).isEqualTo("Hi : ");
            assertThat(p.undefinedVariables()).contains("field 'subject': recipient.name", "field 'subject': data.title");
        }
    }

    @Test
    void inStrictModeAnUndefinedVariableFailsNamingTheField() {
        try (Notifier n = notifier(true)) {
            assertThatThrownBy(() -> n.preview("welcome", "mail", Recipient.user("ada"), Map.of("title", "t")))
                    .isInstanceOf(TemplateRenderException.class)
                    .hasMessageContaining("field 'subject'")
                    .hasMessageContaining("recipient.name");
        }
    }

    @Test
    void anUnknownWorkflowOrAStepThatIsNoChannelStepIsRefusedByName() {
        try (Notifier n = notifier(false)) {
            assertThatThrownBy(() -> n.preview("nope", "mail", Recipient.user("ada"), null)).isInstanceOf(UnknownWorkflowException.class);
            assertThatThrownBy(() -> n.preview("welcome", "wait", Recipient.user("ada"), null))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("preview.step").hasMessageContaining("not a channel step");
            assertThatThrownBy(() -> n.preview("welcome", "missing", Recipient.user("ada"), null))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("has no step 'missing'");
        }
    }
}
