package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrackingTest {
    private final TestKit kit = TestKit.create();
    private final RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL);
    private final SignedTokens tokens = SignedTokens.create("tracking-secret-0123456789abcdef!!".getBytes(StandardCharsets.UTF_8), kit.clock());

    private Notifier notifier() {
        return Notifier.builder().testKit(kit).tracking(Tracking.at("https://app.example/t", tokens)).channel("email", email)
                .workflow(Workflow.builder("w").step(Steps.channel("mail", "email").subject("hi")
                        .html("<html><body><a href=\"https://docs.example/a?x=1&amp;y={{ data.y }}\">docs</a> <a href=\"mailto:x@example.com\">mail</a></body></html>")
                        .text("https://docs.example/a")).build())
                .build();
    }

    private static String first(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) throw new AssertionError(regex + " not in " + text);
        return m.group(1);
    }

    @Test
    void emailLinksAreWrappedAndClicksAndOpensAreRecorded() {
        try (Notifier n = notifier()) {
            n.users().identify(User.builder("ada").email("ada@example.com").build());
            n.trigger("w").recipients("ada").data(Map.of("y", "2")).send();
            kit.runDue();
            String html = email.sentContent("html").get(0);
            String messageId = email.sent().get(0).message().id();
            assertThat(html).contains("href=\"mailto:x@example.com\"").doesNotContain("href=\"https://docs.example");
            assertThat(email.sentContent("text").get(0)).isEqualTo("https://docs.example/a");
            String click = first("href=\"https://app.example/t/(c/[^\"]+)\"", html);
            String open = first("<img src=\"https://app.example/t/(o/[^\"]+)\"[^>]*></body>", html);

            Tracking.Response r = n.tracking().handle(click);
            assertThat(r.redirectTo()).isEqualTo("https://docs.example/a?x=1&y=2");
            assertThat(n.messages().get(messageId).orElseThrow().linkClickedAt()).isEqualTo(kit.now());

            assertThat(n.tracking().handle("/" + open).isPixel()).isTrue();
            assertThat(n.messages().history(messageId)).extracting(MessageEvent::type).contains("link_clicked");
            assertThat(Tracking.PIXEL).startsWith((byte) 'G', (byte) 'I', (byte) 'F');
        }
    }

    @Test
    void forgedTamperedAndCrossPurposeTokensAreRejected() {
        try (Notifier n = notifier()) {
            String click = n.tracking().clickUrl("m1", "https://evil.example").substring("https://app.example/t/".length());
            String token = click.substring(2);
            assertThatThrownBy(() -> n.tracking().handle("c/" + token.substring(0, token.length() - 2) + "xx")).isInstanceOf(InvalidTokenException.class);
            assertThatThrownBy(() -> n.tracking().handle("o/" + token)).isInstanceOf(InvalidTokenException.class).hasMessageContaining("purpose");
            assertThatThrownBy(() -> n.tracking().handle("x/" + token)).isInstanceOf(InvalidTokenException.class);
            String forged = Tracking.at("https://app.example/t", SignedTokens.create("another-secret-another-secret-xx!!".getBytes(StandardCharsets.UTF_8), kit.clock()))
                    .clickUrl("m1", "https://evil.example").substring("https://app.example/t/".length());
            assertThatThrownBy(() -> n.tracking().handle(forged)).isInstanceOf(InvalidTokenException.class);
            assertThatThrownBy(() -> n.tracking().handle(click)).isInstanceOf(NotFoundException.class); // valid token, no such message
        }
    }
}
