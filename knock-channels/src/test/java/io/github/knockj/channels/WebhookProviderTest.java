package io.github.knockj.channels;

import io.github.knockj.core.WebhookSignature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookProviderTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final ObjectMapper JSON = new ObjectMapper();

    final LoopbackServer server = LoopbackServer.start();
    final Instant now = Instant.parse("2026-05-06T07:08:09.010Z");
    final WebhookProvider provider = WebhookProvider.builder()
            .signingSecret(SECRET)
            .header("X-Api-Key", "k-1")
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .build();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void postsSignedDescriptionOfTheMessageToTheChannelDataUrl() throws Exception {
        OutboundMessage m = TestMessages.of(ChannelType.HTTP)
                .content("text", "Welcome!")
                .data("plan", "pro")
                .channelData("url", server.url("/hooks/knock?team=7"))
                .build();

        DeliveryResult r = provider.send(m);

        assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.DELIVERED);
        LoopbackServer.Received req = server.only();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/hooks/knock");
        assertThat(req.query()).isEqualTo("team=7");
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
        assertThat(req.header("Idempotency-Key")).isEqualTo("msg_01");
        assertThat(req.header("X-Api-Key")).isEqualTo("k-1");
        assertThat(req.header("webhook-id")).isEqualTo("msg_01");
        assertThat(req.header("webhook-timestamp")).isEqualTo(Long.toString(now.getEpochSecond()));
        assertThat(req.header("webhook-signature")).matches("v1,[A-Za-z0-9+/]{43}=");
        assertThat(req.header("X-Knockj-Signature")).as("the old signature header is gone").isNull();
        assertThat(WebhookSignature.verify(SECRET, req::header, req.body(), now, Duration.ofMinutes(5))).isTrue();
        // an independent check, as any Standard Webhooks library does it: HMAC-SHA256 keyed with the decoded whsec_ bytes
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(
                ("msg_01." + now.getEpochSecond() + "." + req.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(req.header("webhook-signature")).isEqualTo("v1," + expected);

        JsonNode body = JSON.readTree(req.body());
        assertThat(body.path("id").asText()).isEqualTo("msg_01");
        assertThat(body.path("workflow").asText()).isEqualTo("welcome");
        assertThat(body.path("step").asText()).isEqualTo("step-1");
        assertThat(body.path("channel").asText()).isEqualTo("http-main");
        assertThat(body.path("recipient").path("id").asText()).isEqualTo("user-1");
        assertThat(body.path("recipient").has("collection")).isFalse();
        assertThat(body.path("tenant").asText()).isEqualTo("acme");
        assertThat(body.path("content").path("text").asText()).isEqualTo("Welcome!");
        assertThat(body.path("data").path("plan").asText()).isEqualTo("pro");
        assertThat(body.path("created_at").asText()).isEqualTo(TestMessages.CREATED.toString());
    }

    @Test
    void renderedBodyIsSentExactlyAsRendered() {
        String rendered = "{ \"event\" : \"signup\",\n  \"user\": \"user-1\" }";
        DeliveryResult r = provider.send(TestMessages.of(ChannelType.HTTP).content("body", rendered)
                .channelData("webhook_url", server.url("/in")).build());

        assertThat(r.isSuccess()).isTrue();
        assertThat(server.only().body()).isEqualTo(rendered);
        assertThat(WebhookSignature.verify(SECRET, server.only()::header, rendered, now, Duration.ZERO)).isTrue();
    }

    @Test
    void defaultUrlIsUsedWhenTheRecipientHasNone() {
        WebhookProvider withDefault = WebhookProvider.builder().defaultUrl(server.url("/default")).build();
        OutboundMessage m = TestMessages.of(ChannelType.HTTP).content("text", "hi").build();

        assertThat(withDefault.canReach(m.recipient(), "http-main")).isTrue();
        assertThat(provider.canReach(m.recipient(), "http-main")).isFalse();
        assertThat(withDefault.send(m).isSuccess()).isTrue();
        assertThat(server.only().path()).isEqualTo("/default");
        assertThat(server.only().header("webhook-signature")).as("unsigned without a secret").isNull();
        assertThat(server.only().header("webhook-id")).isEqualTo("msg_01");
        assertThat(server.only().header("webhook-timestamp")).matches("\\d+");
    }

    @Test
    void aRawSecretSignsWithItsUtf8BytesAndARetryKeepsTheWebhookId() {
        WebhookProvider raw = WebhookProvider.builder().signingSecret("plain-secret-0123456789").clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        OutboundMessage first = TestMessages.of(ChannelType.HTTP).content("text", "hi").channelData("url", server.url("/in")).build();
        OutboundMessage retry = new OutboundMessage(first.message(), first.recipient(), 2, first.idempotencyKey());

        assertThat(raw.send(first).isSuccess()).isTrue();
        assertThat(raw.send(retry).isSuccess()).isTrue();

        String standard = WebhookSignature.standardSecret("plain-secret-0123456789");
        assertThat(standard).isEqualTo("whsec_" + Base64.getEncoder().encodeToString("plain-secret-0123456789".getBytes(StandardCharsets.UTF_8)));
        assertThat(server.received()).hasSize(2).allSatisfy(req -> {
            assertThat(req.header("webhook-id")).isEqualTo("msg_01");
            assertThat(WebhookSignature.verify(standard, req::header, req.body(), now, Duration.ZERO)).isTrue();
        });
    }

    @Test
    void renderedBodyThatIsNotJsonFailsPermanentlyWithoutARequest() {
        DeliveryResult r = provider.send(TestMessages.of(ChannelType.HTTP).content("body", "{not json")
                .channelData("url", server.url("/in")).build());

        assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(r.reason()).contains("'body' is not JSON");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void missingOrMalformedUrlFailsPermanently() {
        assertThat(provider.send(TestMessages.of(ChannelType.HTTP).content("text", "x").build()).kind())
                .isEqualTo(DeliveryResult.Kind.PERMANENT);
        DeliveryResult r = provider.send(TestMessages.of(ChannelType.HTTP).content("text", "x")
                .channelData("url", "ftp://example.com/secret-path").build());
        assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(r.reason()).doesNotContain("secret-path");
    }

    @Test
    void builderRejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> WebhookProvider.builder().defaultUrl("not a url")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defaultUrl");
        assertThatThrownBy(() -> WebhookProvider.builder().defaultUrl("mailto:a@b.c")).hasMessageContaining("defaultUrl");
        assertThatThrownBy(() -> WebhookProvider.builder().signingSecret("")).hasMessageContaining("signingSecret");
        assertThatThrownBy(() -> WebhookProvider.builder().signingSecret("whsec_not*base64")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signingSecret").hasMessageContaining("base64");
        assertThatThrownBy(() -> WebhookProvider.builder().header("Webhook-Signature", "v1,x")).hasMessageContaining("set by the provider");
        assertThatThrownBy(() -> WebhookProvider.builder().requestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> WebhookProvider.builder().connectTimeout(null)).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> WebhookProvider.builder().header("Host", "x")).hasMessageContaining("Host");
        assertThatThrownBy(() -> WebhookProvider.builder().clock(null)).hasMessageContaining("clock");
        assertThat(WebhookProvider.builder().build().name()).isEqualTo(WebhookProvider.DEFAULT_NAME);
        assertThat(WebhookProvider.builder().name("hooks").build().name()).isEqualTo("hooks");
    }
}
