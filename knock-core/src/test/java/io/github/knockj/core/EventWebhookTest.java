package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.github.knockj.core.spi.DeliveryResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outbound event webhooks against a real HTTP receiver on loopback. */
class EventWebhookTest {
    private static final String SECRET = "event-secret-0123456789";
    /** The same key for Standard Webhooks libraries: whsec_ and the base64 of the raw secret's UTF-8 bytes. */
    private static final String STANDARD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    private HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<Boolean> signaturesValid = new CopyOnWriteArrayList<>();
    /** Every attempt, failed or not: [webhook-id, the body's id, webhook-timestamp, the old X-Knockj-Signature]. */
    private final List<List<String>> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();
    private final TestKit kit = TestKit.create();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/events", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Headers h = ex.getRequestHeaders();
            attempts.add(Arrays.asList(h.getFirst("webhook-id"), new ObjectMapper().readTree(body).get("id").asText(),
                    h.getFirst("webhook-timestamp"), h.getFirst("X-Knockj-Signature")));
            if (failFirst.getAndDecrement() > 0) {
                ex.sendResponseHeaders(500, -1);
            } else {
                // as a receiver with a Standard Webhooks library would: the whsec_ form of the raw secret, now, 5 minutes
                signaturesValid.add(WebhookSignature.verify(STANDARD_SECRET, h::getFirst, body, kit.now(), Duration.ofMinutes(5)));
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
            for (List<String> a : attempts) {
                assertThat(a.get(0)).as("webhook-id is the notice's id").isEqualTo(a.get(1));
                assertThat(a.get(2)).as("webhook-timestamp in Unix seconds").isEqualTo(Long.toString(kit.now().getEpochSecond()));
                assertThat(a.get(3)).as("the old signature header is gone").isNull();
            }
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
            assertThat(signaturesValid).containsOnly(true);
            // a retried notice keeps its webhook-id, so receivers can drop duplicates by it
            List<String> failedIds = attempts.subList(0, 3).stream().map(a -> a.get(0)).toList();
            List<String> deliveredIds = attempts.subList(3, attempts.size()).stream().map(a -> a.get(0)).toList();
            assertThat(deliveredIds).containsAll(failedIds);
            assertThat(attempts).allSatisfy(a -> assertThat(a.get(0)).isEqualTo(a.get(1)));
        }
    }

    @Test
    void secretsAreAcceptedAsWhsecOrRawAndCheckedAtBuild() {
        String url = "http://127.0.0.1:1/events";
        Notifier.builder().eventWebhook(url, WebhookSignature.newSecret()).eventWebhook(url, SECRET);
        assertThatThrownBy(() -> Notifier.builder().eventWebhook(url, "whsec_not*base64*at*all"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event webhook secret").hasMessageContaining("base64");
        assertThatThrownBy(() -> Notifier.builder().eventWebhook(url, "whsec_AAAA")).hasMessageContaining("at least 16 key bytes");
        assertThatThrownBy(() -> Notifier.builder().eventWebhook(url, "short")).hasMessageContaining("at least 16 key bytes");
    }

    /**
     * A provider's delivery receipt recorded while the call is still out wins (README, "A provider's
     * report is not overwritten by the outcome of its own call"), and so does its notice: the call's
     * own outcome (sent) did not apply, so its {@code message.sent} notice is not written either.
     */
    @Test
    void aCallbackDuringTheProviderCallIsNotFollowedByAStaleSentNotice() {
        java.util.concurrent.atomic.AtomicReference<Notifier> notifier = new java.util.concurrent.atomic.AtomicReference<>();
        // the receipt lands during the call: the provider records it before it answers
        RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL).answering(m -> {
            notifier.get().messages().recordProviderStatus(m.message().id(), DeliveryStatus.DELIVERED, "delivery receipt");
            return DeliveryResult.sent("smtp-1");
        });
        try (Notifier n = notifier(email)) {
            notifier.set(n);
            n.users().identify(User.builder("ada").email("ada@example.com").build());
            n.trigger("w").recipients("ada").send();
            kit.runDue();
            kit.advance(Duration.ofMinutes(10));
            Message m = n.messages().list(MessageQuery.newest().withChannel("email")).get(0);
            assertThat(m.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(n.messages().history(m.id())).extracting(MessageEvent::type).containsExactly("queued", "delivered", "sent");
            assertThat(received.stream().filter(r -> r.path("data").path("channel").asText().equals("email"))
                    .map(r -> r.get("type").asText()).toList())
                    .as("the receipt's notice, and no stale message.sent after it").containsExactlyInAnyOrder("message.queued", "message.delivered");
        }
    }
}
