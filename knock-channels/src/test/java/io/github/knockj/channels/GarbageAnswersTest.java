package io.github.knockj.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.channels.RawHttpServer.Answer;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.DeliveryResult.Kind;
import io.github.knockj.core.spi.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every HTTP provider, against a real loopback server that answers with garbage: HTML where JSON
 * belongs, JSON of another shape, binary bodies, truncated bodies, broken framing, bytes that are not
 * HTTP, connections closed or reset mid-response. Each answer becomes one clear result (success only
 * for a complete 2xx response, retryable where the outcome is unknown or the server failed, permanent
 * for a complete 4xx), with a short printable reason that never shows a secret, and {@code send}
 * never throws.
 */
class GarbageAnswersTest {
    private static final String TWILIO_TOKEN = "twilio-auth-token-SECRET";
    private static final String FCM_TOKEN = "ya29.ACCESS-TOKEN-SECRET";
    private static final String SECRET_PATH = "/hooks/T000/B000/SECRET-PATH";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String HTML = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>"
            + "<p>The proxy got an invalid answer.</p>" + "<!-- padding -->".repeat(100) + "</body></html>";

    /** What an answer should come to, whichever provider gets it. */
    enum Expect { SUCCESS, RETRYABLE, PERMANENT }

    /** One HTTP provider, built against a server, and a message it can send. */
    enum Target {
        WEBHOOK(base -> WebhookProvider.builder().connectTimeout(TIMEOUT).requestTimeout(TIMEOUT).build(),
                base -> TestMessages.of(ChannelType.HTTP).content("text", "hi").channelData("url", base + SECRET_PATH).build()),
        SLACK(base -> SlackProvider.builder().connectTimeout(TIMEOUT).requestTimeout(TIMEOUT).build(),
                base -> TestMessages.of(ChannelType.CHAT).content("text", "hi").channelData("url", base + SECRET_PATH).build()),
        TWILIO(base -> TwilioSmsProvider.builder().baseUrl(base).credentials("AC0123", TWILIO_TOKEN).from("+15550001111")
                .connectTimeout(TIMEOUT).requestTimeout(TIMEOUT).build(),
                base -> TestMessages.of(ChannelType.SMS).field("phone_number", "+15557654321").content("text", "hi").build()),
        FCM(base -> FcmPushProvider.builder().baseUrl(base).projectId("acme").accessToken(() -> FCM_TOKEN)
                .connectTimeout(TIMEOUT).requestTimeout(TIMEOUT).build(),
                base -> TestMessages.of(ChannelType.PUSH).content("title", "hi").channelData("tokens", List.of("device-token-1")).build());

        final Function<String, ChannelProvider> provider;
        final Function<String, OutboundMessage> message;

        Target(Function<String, ChannelProvider> provider, Function<String, OutboundMessage> message) {
            this.provider = provider;
            this.message = message;
        }

        /** What success is for this provider: delivered for endpoints that are the recipient, sent for gateways. */
        Kind success() {
            return this == WEBHOOK || this == SLACK ? Kind.DELIVERED : Kind.SENT;
        }
    }

    /** One garbage answer and what it should come to. */
    record Garbage(String name, Answer answer, Expect expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<Garbage> garbage() {
        String ok = "HTTP/1.1 200 OK";
        String html = "Content-Type: text/html\r\n";
        String json = "Content-Type: application/json\r\n";
        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 'o', 'k', 0, '\r', '\n', 0x1b, '[', '2', 'J', (byte) 0xc3};
        return List.of(
                new Garbage("200 with an HTML page", Answer.response(ok, html, bytes(HTML)), Expect.SUCCESS),
                new Garbage("200 with JSON of another shape", Answer.response(ok, json, bytes("[\"sid\",{\"name\":7}]")), Expect.SUCCESS),
                new Garbage("200 with JSON whose ids are not strings", Answer.response(ok, json, bytes("{\"sid\":{\"a\":1},\"name\":[1]}")),
                        Expect.SUCCESS),
                new Garbage("200 with a binary body of the wrong type",
                        Answer.response(ok, "Content-Type: application/octet-stream\r\n", binary), Expect.SUCCESS),
                new Garbage("200 with a body cut short", Answer.of(ok + "\r\n" + json + "Content-Length: 500\r\n\r\n{\"sid\":\"SM1"),
                        Expect.RETRYABLE),
                new Garbage("200 with broken chunked framing", Answer.of(ok + "\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nnot a chunk\r\n"),
                        Expect.RETRYABLE),
                new Garbage("500 with an HTML page", Answer.response("HTTP/1.1 500 Internal Server Error", html, bytes(HTML)), Expect.RETRYABLE),
                new Garbage("502 with a binary body", Answer.response("HTTP/1.1 502 Bad Gateway", "Content-Type: text/plain\r\n", binary),
                        Expect.RETRYABLE),
                new Garbage("503 with a Retry-After that is not a time",
                        Answer.response("HTTP/1.1 503 Service Unavailable", "Retry-After: soon, maybe\r\n", bytes("busy")), Expect.RETRYABLE),
                new Garbage("404 with an HTML page (a proxy, not the API)", Answer.response("HTTP/1.1 404 Not Found", html, bytes(HTML)),
                        Expect.PERMANENT),
                new Garbage("headers, then a reset", Answer.resetAfter(ok + "\r\nContent-Length: 100\r\n\r\n{\"si"), Expect.RETRYABLE),
                new Garbage("a reset before any answer", Answer.resetAfter(""), Expect.RETRYABLE),
                new Garbage("closed before any answer", Answer.of(""), Expect.RETRYABLE),
                new Garbage("a status line, then closed", Answer.of(ok + "\r\n"), Expect.RETRYABLE),
                new Garbage("bytes that are not HTTP", Answer.of("SSH-2.0-OpenSSH_9.6\r\n"), Expect.RETRYABLE),
                new Garbage("a status code that is not a number", Answer.of("HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n"), Expect.RETRYABLE));
    }

    static Stream<Arguments> everyProviderAndGarbage() {
        List<Arguments> out = new ArrayList<>();
        for (Target t : Target.values()) {
            for (Garbage g : garbage()) out.add(Arguments.of(t, g));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} given {1}")
    @MethodSource("everyProviderAndGarbage")
    void garbageBecomesOneClearResultAndNothingIsThrown(Target target, Garbage garbage) {
        DeliveryResult r;
        try (RawHttpServer server = RawHttpServer.answering(garbage.answer())) {
            ChannelProvider provider = target.provider.apply(server.baseUrl());
            r = provider.send(target.message.apply(server.baseUrl()));
            assertThat(server.requests()).as("requests sent").isEqualTo(1);
        }

        assertThat(r).isNotNull();
        switch (garbage.expect()) {
            case SUCCESS -> {
                assertThat(r.kind()).isEqualTo(target.success());
                assertThat(r.providerMessageId()).as("no id can be read from this body").isNull();
            }
            case RETRYABLE -> assertThat(r.kind()).isEqualTo(Kind.RETRYABLE);
            case PERMANENT -> assertThat(r.kind()).isEqualTo(Kind.PERMANENT);
        }
        // a proxy's error page is no verdict on the recipient's token
        assertThat(r.invalidTokens()).isEmpty();
        if (garbage.expect() != Expect.SUCCESS) {
            assertThat(r.reason()).isNotBlank().hasSizeLessThan(500)
                    .doesNotContain(TWILIO_TOKEN, FCM_TOKEN, "SECRET-PATH")
                    .satisfies(reason -> assertThat(reason.chars().filter(Character::isISOControl))
                            .as("control characters in %s", reason).isEmpty());
        }
    }
}
