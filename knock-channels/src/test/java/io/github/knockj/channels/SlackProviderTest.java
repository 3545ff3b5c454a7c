package io.github.knockj.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.DeliveryResult.Kind;
import io.github.knockj.core.spi.OutboundMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackProviderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final LoopbackServer server = LoopbackServer.start();
    final SlackProvider provider = SlackProvider.builder().build();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void postsTextToTheWebhookInTheChannelData() throws Exception {
        server.reply(200, "ok", Map.of("Content-Type", "text/plain"));
        DeliveryResult r = provider.send(TestMessages.of(ChannelType.CHAT).content("text", "*Deploy* finished")
                .channelData("url", server.url("/services/T1/B1/XYZ")).build());

        assertThat(r.kind()).isEqualTo(Kind.DELIVERED);
        LoopbackServer.Received req = server.only();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/services/T1/B1/XYZ");
        assertThat(req.header("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(req.body());
        assertThat(body.path("text").asText()).isEqualTo("*Deploy* finished");
        assertThat(body.has("blocks")).as("no blocks made up").isFalse();
    }

    @Test
    void renderedBlocksAreSentAsAJsonArray() throws Exception {
        String blocks = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*Hi*\"}}]";
        provider.send(TestMessages.of(ChannelType.CHAT).content("text", "Hi").content("blocks", blocks)
                .channelData("webhook_url", server.url("/hook")).build());

        JsonNode body = JSON.readTree(server.only().body());
        assertThat(body.path("blocks").isArray()).isTrue();
        assertThat(body.path("blocks").get(0).path("text").path("text").asText()).isEqualTo("*Hi*");
        assertThat(body.path("text").asText()).isEqualTo("Hi");
    }

    @Test
    void templateOutputsAreEscapedAsMrkdwnInTextAndBlocks() {
        java.util.Map<String, Object> vars = Map.of("data", Map.of("who", "<!channel> & <https://evil|click>"));
        String text = io.github.knockj.core.Template.of("{{ data.who }} joined").render(vars, provider.escaping("text"), false, null);
        assertThat(text).isEqualTo("&lt;!channel&gt; &amp; &lt;https://evil|click&gt; joined");
        String blocks = io.github.knockj.core.Template.of("[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"{{ data.who }}\"}}]")
                .render(Map.of("data", Map.of("who", "\"<b>\"")), provider.escaping("blocks"), false, null);
        assertThat(blocks).isEqualTo("[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"\\\"&lt;b&gt;\\\"\"}}]");
        assertThat(provider.escaping("other")).isEqualTo(io.github.knockj.core.Template.Escaping.NONE);
    }

    @Test
    void everyKnockStyleConnectionGetsTheMessage() {
        OutboundMessage m = TestMessages.of(ChannelType.CHAT).content("text", "hello")
                .channelData("connections", List.of(
                        Map.of("incoming_webhook", Map.of("url", server.url("/a"))),
                        Map.of("incoming_webhook", Map.of("url", server.url("/b"))),
                        Map.of("access_token", "xoxb-not-a-webhook"),
                        Map.of("incoming_webhook", Map.of("url", server.url("/a")))))
                .build();

        assertThat(provider.canReach(m.recipient(), "chat-main")).isTrue();
        assertThat(provider.send(m).kind()).isEqualTo(Kind.DELIVERED);
        assertThat(server.received()).extracting(LoopbackServer.Received::path).containsExactly("/a", "/b");
    }

    @Test
    void oneFailingConnectionOfTwoIsStillDeliveredWithANoteAndNoUrl() {
        server.reply(200, "ok").reply(404, "no_service");
        DeliveryResult r = provider.send(TestMessages.of(ChannelType.CHAT).content("text", "hello")
                .channelData("connections", List.of(
                        Map.of("incoming_webhook", Map.of("url", server.url("/services/first-secret"))),
                        Map.of("incoming_webhook", Map.of("url", server.url("/services/second-secret")))))
                .build());

        assertThat(r.kind()).isEqualTo(Kind.DELIVERED);
        assertThat(r.reason()).contains("webhook 2 of 2").contains("404").contains("no_service").doesNotContain("secret");
    }

    @Test
    void allConnectionsFailingCombineToTheMostHopefulFailure() {
        server.reply(410, "channel_is_archived").reply(503, "");
        DeliveryResult r = provider.send(TestMessages.of(ChannelType.CHAT).content("text", "hello")
                .channelData("url", server.url("/a")).channelData("webhook_url", server.url("/b")).build());
        assertThat(r.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(r.reason()).startsWith("2 of 2 failed");
    }

    @Test
    void defaultWebhookIsUsedWhenTheRecipientHasNone() {
        SlackProvider team = SlackProvider.builder().defaultUrl(server.url("/team")).build();
        OutboundMessage m = TestMessages.of(ChannelType.CHAT).content("text", "hello").build();
        assertThat(provider.canReach(m.recipient(), "chat-main")).isFalse();
        assertThat(team.canReach(m.recipient(), "chat-main")).isTrue();
        assertThat(team.send(m).kind()).isEqualTo(Kind.DELIVERED);
        assertThat(server.only().path()).isEqualTo("/team");
        assertThat(team.toString()).doesNotContain("/team");
    }

    @Test
    void unsendableContentFailsPermanentlyWithoutARequest() {
        String url = server.url("/hook");
        assertThat(provider.send(TestMessages.of(ChannelType.CHAT).channelData("url", url).build()).reason())
                .contains("nothing to post");
        DeliveryResult notArray = provider.send(TestMessages.of(ChannelType.CHAT).content("blocks", "{\"type\":\"section\"}")
                .channelData("url", url).build());
        assertThat(notArray.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(notArray.reason()).contains("not a JSON array");
        assertThat(provider.send(TestMessages.of(ChannelType.CHAT).content("text", "x").content("blocks", "[oops")
                .channelData("url", url).build()).kind()).isEqualTo(Kind.PERMANENT);
        assertThat(provider.send(TestMessages.of(ChannelType.CHAT).content("text", "x").build()).kind()).isEqualTo(Kind.PERMANENT);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void builderRejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> SlackProvider.builder().defaultUrl("hooks.slack.com/x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defaultUrl");
        assertThatThrownBy(() -> SlackProvider.builder().connectTimeout(java.time.Duration.ofSeconds(-1)))
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> SlackProvider.builder().name(null)).hasMessageContaining("name");
    }
}
