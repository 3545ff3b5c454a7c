package io.github.knockj.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.DeliveryResult.Kind;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the shared HTTP transport classifies answers and failures, seen through {@link WebhookProvider}. */
class HttpFailureClassificationTest {
    final LoopbackServer server = LoopbackServer.start();
    final Instant now = Instant.parse("2026-05-06T07:08:09Z");
    final WebhookProvider provider = WebhookProvider.builder()
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofMillis(500))
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .build();

    @AfterEach
    void stop() {
        server.close();
    }

    DeliveryResult sendTo(String url) {
        return provider.send(TestMessages.of(ChannelType.HTTP).content("text", "hi").channelData("url", url).build());
    }

    @Test
    void tooManyRequestsIsRetryableAfterTheSecondsAsked() {
        server.reply(429, "slow down", Map.of("Retry-After", "7"));
        DeliveryResult r = sendTo(server.url("/in"));
        assertThat(r.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(r.reason()).contains("429").contains("slow down");
    }

    @Test
    void tooManyRequestsHonoursAnHttpDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.plusSeconds(90), ZoneOffset.UTC));
        server.reply(429, "", Map.of("Retry-After", date));
        DeliveryResult r = sendTo(server.url("/in"));
        assertThat(r.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void serverErrorsAndRequestTimeoutAreRetryable() {
        server.reply(500, "boom").reply(503, "", Map.of("Retry-After", "3")).reply(408, "");
        DeliveryResult r500 = sendTo(server.url("/in"));
        DeliveryResult r503 = sendTo(server.url("/in"));
        DeliveryResult r408 = sendTo(server.url("/in"));
        assertThat(r500.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(r500.retryAfter()).isNull();
        assertThat(r500.reason()).contains("HTTP 500").contains("boom");
        assertThat(r503.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(r503.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(r408.kind()).isEqualTo(Kind.RETRYABLE);
    }

    @Test
    void otherClientErrorsArePermanentQuotingATruncatedBody() {
        server.reply(400, "{\"error\":\"bad\"}" + "x".repeat(5_000)).reply(404, "");
        DeliveryResult r400 = sendTo(server.url("/in"));
        DeliveryResult r404 = sendTo(server.url("/in"));
        assertThat(r400.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(r400.reason()).contains("HTTP 400").contains("{\"error\":\"bad\"}").endsWith("…").hasSizeLessThan(400);
        assertThat(r404.kind()).isEqualTo(Kind.PERMANENT);
    }

    @Test
    void redirectsAreNotFollowedAndArePermanent() {
        server.reply(302, "", Map.of("Location", server.url("/elsewhere")));
        DeliveryResult r = sendTo(server.url("/in"));
        assertThat(r.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void connectionRefusedIsRetryable() {
        DeliveryResult r = sendTo("http://127.0.0.1:" + LoopbackServer.closedPort() + "/secret-path");
        assertThat(r.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(r.reason()).contains("connection failed").doesNotContain("secret-path");
    }

    @Test
    void serverThatNeverAnswersIsRetryableWithinTheRequestTimeout() throws Exception {
        try (ServerSocket silent = LoopbackServer.silentServer()) {
            long start = System.nanoTime();
            DeliveryResult r = sendTo("http://127.0.0.1:" + silent.getLocalPort() + "/in");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.kind()).isEqualTo(Kind.RETRYABLE);
            assertThat(r.reason()).contains("timed out");
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
