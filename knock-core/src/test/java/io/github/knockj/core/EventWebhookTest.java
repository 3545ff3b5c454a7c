package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outbound event webhooks against a real HTTP receiver on loopback. */
class EventWebhookTest {
    private static final String SECRET = "event-secret-0123456789";
    private HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<Boolean> signaturesValid = new CopyOnWriteArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();
    private final TestKit kit = TestKit.create();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/events", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (failFirst.getAndDecrement() > 0) {
                ex.sendResponseHeaders(500, -1);
            } else {
                signaturesValid.add(WebhookSignature.verify(SECRET, ex.getRequestHeaders().getFirst(WebhookSignature.HEADER), body,
                        Instant.now(), Duration.ofDays(3650)));
                received.add(new ObjectMapper().readTree(body));
                ex.sendResponseHeaders(204, -1);
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Notifier notifier(RecordingProvider email) {
        return Notifier.builder().testKit(kit).eventWebhook("http://127.0.0.1:" + server.getAddress().getPort() + "/events", SECRET)
                .channel("in-app", InAppFeedChannel.create()).channel("email", email)
                .workflow(Workflow.builder("w").step(Steps.channel("feed", "in-app").body("x")).step(Steps.channel("mail", "email").subject("x")).build())
                .build();
    }

    private List<String> types() {
        return received.stream().map(n -> n.get("type").asText()).toList();
    }

    @Test
    void runAndMessageEventsArePostedSigned() {
        try (Notifier n = notifier(RecordingProvider.of(ChannelType.EMAIL))) {
            n.users().identify(User.builder("ada").email("ada@example.com").build());
            n.trigger("w").recipients("ada").send();
            kit.runDue();
            n.feed("ada", "in-app").markRead(n.feed("ada", "in-app").list().items().get(0).id());
            kit.runDue();
            assertThat(types()).containsExactlyInAnyOrder("workflow_run.started", "message.delivered", "message.queued",
                    "workflow_run.completed", "message.delivered", "message.read");
            assertThat(signaturesValid).containsOnly(true);
            JsonNode read = received.stream().filter(n2 -> n2.get("type").asText().equals("message.read")).findFirst().orElseThrow();
            assertThat(read.get("data").get("channel").asText()).isEqualTo("in-app");
            assertThat(read.get("data").get("read_at").asText()).isEqualTo(kit.now().toString());
        }
    }

    @Test
    void aFailingReceiverIsRetriedWithoutHoldingUpDelivery() {
        failFirst.set(3);
        RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL);
        try (Notifier n = notifier(email)) {
            n.users().identify(User.builder("ada").email("ada@example.com").build());
            n.trigger("w").recipients("ada").send();
            kit.runDue();
            assertThat(email.sent()).hasSize(1);
            int before = received.size();
            kit.advance(Duration.ofMinutes(5));
            assertThat(received).hasSizeGreaterThan(before);
            assertThat(types()).contains("workflow_run.started", "workflow_run.completed", "message.queued");
            assertThat(n.store().countJobs()).isZero();
        }
    }
}
