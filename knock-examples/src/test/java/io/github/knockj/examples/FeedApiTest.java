package io.github.knockj.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.SettableClock;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feed API over real HTTP: tokens, scoping to the signed-in user, pagination and the live stream. */
class FeedApiTest {
    SettableClock clock = SettableClock.at(Instant.now());
    InboxServer server;
    DemoClient client;

    @BeforeEach
    void start() throws Exception {
        server = InboxServer.start(InboxServer.Settings.defaults().withPort(0).withClock(clock).withSeedHistory(false));
        client = new DemoClient(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void feedCallsWithoutAValidTokenAre401() throws Exception {
        String ada = client.signIn("ada");
        assertThat(client.get("/api/feed", null).status()).isEqualTo(401);
        assertThat(client.get("/api/feed", "not-a-token").status()).isEqualTo(401);
        assertThat(client.get("/api/feed", ada.substring(0, ada.length() - 2) + "xx").status()).isEqualTo(401);
        assertThat(client.post("/api/feed/read-all", null).status()).isEqualTo(401);
        assertThat(client.get("/api/feed/stream", null).status()).isEqualTo(401);
        // the query parameter is for EventSource only
        assertThat(client.get("/api/feed?token=" + URLEncoder.encode(ada, StandardCharsets.UTF_8), null).status()).isEqualTo(401);
        assertThat(client.get("/api/feed", ada).status()).isEqualTo(200);
    }

    @Test
    void anExpiredTokenIs401() throws Exception {
        String ada = client.signIn("ada");
        clock.advance(FeedAuth.DEFAULT_TTL.plusSeconds(1));
        assertThat(client.get("/api/feed", ada).status()).isEqualTo(401);
    }

    @Test
    void anotherUsersTokenCannotReadOrMarkTheFeed() throws Exception {
        DemoData.comment(server.notifier(), "cy", "q3-roadmap", "Only for followers");
        eventually(() -> server.notifier().feed("ada", "in-app").counts().get("total") == 1);
        String adaMessage = server.notifier().feed("ada", "in-app").list().items().get(0).id();
        String dee = client.signIn("dee"); // dee does not follow the roadmap

        DemoClient.Reply feed = client.get("/api/feed", dee);
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.body().get("items")).isEmpty();
        assertThat(client.post("/api/feed/messages/" + adaMessage + "/read", dee).status()).isEqualTo(404);
        assertThat(client.post("/api/feed/messages/" + adaMessage + "/archive", dee).status()).isEqualTo(404);
        assertThat(server.notifier().messages().get(adaMessage).orElseThrow().isRead()).isFalse();

        String ada = client.signIn("ada");
        assertThat(client.post("/api/feed/messages/" + adaMessage + "/read", ada).body().at("/counts/unread").asLong()).isZero();
    }

    @Test
    void pagesFollowTheCursor() throws Exception {
        for (int i = 0; i < 5; i++) DemoData.comment(server.notifier(), "bob", "launch-plan", "comment " + i);
        eventually(() -> server.notifier().feed("ada", "in-app").counts().get("total") == 5);
        String ada = client.signIn("ada");
        DemoClient.Reply first = client.get("/api/feed?pageSize=3", ada);
        assertThat(first.body().get("items")).hasSize(3);
        DemoClient.Reply second = client.get("/api/feed?pageSize=3&after=" + first.body().get("nextCursor").asText(), ada);
        assertThat(second.body().get("items")).hasSize(2);
        assertThat(second.body().get("nextCursor").isNull()).isTrue();
    }

    @Test
    void theStreamPushesNewMessagesToItsUserOnly() throws Exception {
        String ada = client.signIn("ada");
        HttpRequest req = HttpRequest.newBuilder(URI.create(client.base() + "/api/feed/stream?token=" + URLEncoder.encode(ada, StandardCharsets.UTF_8))).build();
        HttpResponse<InputStream> res = client.http().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            List<String> events = new ArrayList<>();
            CompletableFuture<String> newMessage = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = in.readLine()) != null; ) {
                        events.add(line);
                        if (line.startsWith("event: message")) return in.readLine();
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            eventually(() -> server.hub().openStreams() == 1);
            DemoData.mention(server.notifier(), "dee", "bob", "not for Ada");
            DemoData.mention(server.notifier(), "bob", "ada", "for Ada");
            String data = newMessage.get(10, TimeUnit.SECONDS);
            assertThat(data).startsWith("data: ").contains("for Ada").doesNotContain("not for Ada").contains("\"unread\":1");
            assertThat(events).contains("event: counts");
        }
    }

    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            Thread.sleep(20);
        }
    }
}
