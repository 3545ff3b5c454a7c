package io.github.knockj.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.DeliveryResult.Kind;
import io.github.knockj.core.spi.OutboundMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FcmPushProviderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCESS_TOKEN = "ya29.ACCESS-TOKEN-SECRET";
    static final String UNREGISTERED = "{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\",\"status\":\"NOT_FOUND\","
            + "\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"UNREGISTERED\"}]}}";
    static final String BAD_TOKEN = "{\"error\":{\"code\":400,\"message\":\"The registration token is not a valid FCM registration token\","
            + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
            + "\"errorCode\":\"INVALID_ARGUMENT\"}]}}";

    final LoopbackServer server = LoopbackServer.start();
    final List<String> invalid = new CopyOnWriteArrayList<>();
    final FcmPushProvider provider = FcmPushProvider.builder()
            .baseUrl(server.baseUrl())
            .projectId("acme-app")
            .accessToken(() -> ACCESS_TOKEN)
            .onInvalidToken((recipient, channel, token) -> invalid.add(recipient + "/" + channel + "/" + token))
            .build();

    @AfterEach
    void stop() {
        server.close();
    }

    OutboundMessage push(String... tokens) {
        return TestMessages.of(ChannelType.PUSH).content("title", "New comment").content("body", "Ana replied")
                .content("data", "{\"thread\":\"t-9\",\"count\":3,\"deep\":{\"a\":true},\"gone\":null}")
                .channelData("tokens", List.of(tokens)).build();
    }

    @Test
    void sendsOneV1RequestPerTokenWithBearerAuth() throws Exception {
        server.reply(200, "{\"name\":\"projects/acme-app/messages/0:111\"}").reply(200, "{\"name\":\"projects/acme-app/messages/0:222\"}");
        DeliveryResult r = provider.send(push("tok-a", "tok-b"));

        assertThat(r.kind()).isEqualTo(Kind.SENT);
        assertThat(r.providerMessageId()).isEqualTo("projects/acme-app/messages/0:111");
        assertThat(r.reason()).isNull();
        List<LoopbackServer.Received> reqs = server.received();
        assertThat(reqs).hasSize(2);
        for (LoopbackServer.Received req : reqs) {
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.path()).isEqualTo("/v1/projects/acme-app/messages:send");
            assertThat(req.header("Authorization")).isEqualTo("Bearer " + ACCESS_TOKEN);
            assertThat(req.header("Content-Type")).startsWith("application/json");
        }
        JsonNode first = JSON.readTree(reqs.get(0).body()).path("message");
        assertThat(first.path("token").asText()).isEqualTo("tok-a");
        assertThat(first.path("notification").path("title").asText()).isEqualTo("New comment");
        assertThat(first.path("notification").path("body").asText()).isEqualTo("Ana replied");
        JsonNode data = first.path("data");
        assertThat(data.path("thread").asText()).isEqualTo("t-9");
        assertThat(data.path("count").isTextual()).as("FCM data values are strings").isTrue();
        assertThat(data.path("count").asText()).isEqualTo("3");
        assertThat(data.path("deep").asText()).isEqualTo("{\"a\":true}");
        assertThat(data.has("gone")).isFalse();
        assertThat(JSON.readTree(reqs.get(1).body()).path("message").path("token").asText()).isEqualTo("tok-b");
    }

    @Test
    void everyTokenUnregisteredOrInvalidIsInvalidTokenAndEachIsReported() {
        server.reply(404, UNREGISTERED).reply(400, BAD_TOKEN);
        DeliveryResult r = provider.send(push("tok-a", "tok-b"));

        assertThat(r.kind()).isEqualTo(Kind.INVALID_TOKEN);
        assertThat(r.reason()).contains("UNREGISTERED").contains("INVALID_ARGUMENT");
        assertThat(invalid).containsExactly("user-1/push-main/tok-a", "user-1/push-main/tok-b");
        assertThat(r.invalidTokens()).containsExactly("tok-a", "tok-b");
    }

    @Test
    void oneGoodTokenMakesItSentWhileTheStaleOneIsStillReported() {
        server.reply(404, UNREGISTERED).reply(200, "{\"name\":\"projects/acme-app/messages/0:9\"}");
        DeliveryResult r = provider.send(push("stale", "fresh"));

        assertThat(r.kind()).isEqualTo(Kind.SENT);
        assertThat(r.providerMessageId()).isEqualTo("projects/acme-app/messages/0:9");
        assertThat(r.reason()).contains("1 of 2 failed");
        assertThat(invalid).containsExactly("user-1/push-main/stale");
        assertThat(r.invalidTokens()).containsExactly("stale");
    }

    @Test
    void invalidArgumentAboutThePayloadIsPermanentNotAnInvalidToken() {
        server.reply(400, "{\"error\":{\"code\":400,\"message\":\"Invalid data payload key: from\",\"status\":\"INVALID_ARGUMENT\"}}");
        DeliveryResult r = provider.send(push("tok-a"));
        assertThat(r.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(invalid).isEmpty();
    }

    @Test
    void quotaServerErrorsAndExpiredAccessTokensAreRetryable() {
        server.reply(429, "{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\"}}", Map.of("Retry-After", "11"))
                .reply(503, "{\"error\":{\"status\":\"UNAVAILABLE\"}}")
                .reply(401, "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\",\"status\":\"UNAUTHENTICATED\"}}");
        DeliveryResult quota = provider.send(push("tok-a"));
        assertThat(quota.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(quota.retryAfter()).isEqualTo(Duration.ofSeconds(11));
        assertThat(provider.send(push("tok-a")).kind()).isEqualTo(Kind.RETRYABLE);
        DeliveryResult expired = provider.send(push("tok-a"));
        assertThat(expired.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(expired.reason()).contains("401").doesNotContain(ACCESS_TOKEN);
    }

    @Test
    void aFailingAccessTokenSupplierIsRetryableWithoutARequest() {
        FcmPushProvider broken = FcmPushProvider.builder().baseUrl(server.baseUrl()).projectId("p")
                .accessToken(() -> { throw new IllegalStateException("metadata server down"); }).build();
        FcmPushProvider empty = FcmPushProvider.builder().baseUrl(server.baseUrl()).projectId("p").accessToken(() -> null).build();
        assertThat(broken.send(push("tok")).kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(empty.send(push("tok")).kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aThrowingInvalidTokenListenerIsContained() {
        FcmPushProvider p = FcmPushProvider.builder().baseUrl(server.baseUrl()).projectId("p").accessToken(() -> "t")
                .onInvalidToken((r, c, t) -> { throw new IllegalStateException("listener bug"); }).build();
        server.reply(404, UNREGISTERED);
        assertThat(p.send(push("tok")).kind()).isEqualTo(Kind.INVALID_TOKEN);
    }

    @Test
    void unsendableMessagesArePermanentWithoutARequest() {
        assertThat(provider.send(TestMessages.of(ChannelType.PUSH).content("title", "x").build()).reason()).contains("tokens");
        assertThat(provider.send(TestMessages.of(ChannelType.PUSH).channelData("tokens", List.of("t")).build()).kind())
                .isEqualTo(Kind.PERMANENT);
        assertThat(provider.send(TestMessages.of(ChannelType.PUSH).content("data", "[1,2]").channelData("tokens", List.of("t")).build())
                .reason()).contains("not a JSON object");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void builderRejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> FcmPushProvider.builder().accessToken(() -> "t").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("projectId");
        assertThatThrownBy(() -> FcmPushProvider.builder().projectId("p").build()).hasMessageContaining("accessToken");
        assertThatThrownBy(() -> FcmPushProvider.builder().onInvalidToken(null)).hasMessageContaining("onInvalidToken");
        assertThat(provider.toString()).contains("acme-app").doesNotContain(ACCESS_TOKEN);
    }
}
