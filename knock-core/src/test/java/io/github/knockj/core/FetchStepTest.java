package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fetch step against a real HTTP server on loopback. */
class FetchStepTest {
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final TestKit kit = TestKit.create();
    private final RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/users/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " auth=" + ex.getRequestHeaders().getFirst("Authorization"));
            if (failuresLeft.getAndDecrement() > 0) {
                respond(ex, 503, "{}");
            } else if (ex.getRequestURI().getPath().endsWith("/missing")) {
                respond(ex, 404, "{}");
            } else {
                respond(ex, 200, "{\"plan\":\"pro\",\"seats\":12}");
            }
        });
        server.createContext("/slow/", ex -> {
            // headers at once, then the promised 40 bytes one every 100 ms (4 s in all)
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 40);
            try (OutputStream out = ex.getResponseBody()) {
                out.write('{');
                out.flush();
                for (int i = 0; i < 38; i++) {
                    Thread.sleep(100);
                    out.write(' ');
                    out.flush();
                }
                out.write('}');
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientWentAway) {
                // the fetch gave up: expected
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private Notifier notifier(FetchPolicy policy) {
        Workflow w = Workflow.builder("w")
                .step(Steps.fetch("account").get(base() + "/users/{{ recipient.id }}").header("Authorization", "Bearer {{ data.token }}"))
                .step(Steps.channel("mail", "email").subject("{{ data.plan }} with {{ data.seats }} seats"))
                .build();
        return Notifier.builder().testKit(kit).fetchPolicy(policy).channel("email", email).workflow(w).build();
    }

    @Test
    void responseIsMergedIntoDataForLaterSteps() {
        try (Notifier n = notifier(FetchPolicy.DEFAULT.allowingPrivateNetworks())) {
            n.users().identify(User.builder("ada").email("ada@example.com").build());
            n.trigger("w").recipients("ada").data(Map.of("token", "t0k")).send();
            kit.runDue();
            assertThat(requests).containsExactly("GET /users/ada auth=Bearer t0k");
            assertThat(email.sentContent("subject")).containsExactly("pro with 12 seats");
        }
    }

    @Test
    void serverErrorsAreRetriedAfterThirtyThenSixtySeconds() {
        failuresLeft.set(2);
        try (Notifier n = notifier(FetchPolicy.DEFAULT.allowingPrivateNetworks())) {
            n.users().identify(User.builder("ada").email("ada@example.com").build());
            TriggerResult r = n.trigger("w").recipients("ada").send();
            kit.runDue();
            kit.advance(Duration.ofSeconds(29));
            assertThat(requests).hasSize(1);
            kit.advance(Duration.ofSeconds(1));
            assertThat(requests).hasSize(2);
            kit.advance(Duration.ofSeconds(60));
            assertThat(requests).hasSize(3);
            assertThat(email.sent()).hasSize(1);
            WorkflowRun run = n.runs().ofTrigger(r.triggerId(), 1).get(0);
            assertThat(n.runs().log(run.id())).extracting(RunLogEntry::outcome)
                    .containsExactly(RunLogEntry.Outcome.FETCH_RETRY, RunLogEntry.Outcome.FETCH_RETRY, RunLogEntry.Outcome.FETCHED,
                            RunLogEntry.Outcome.MESSAGE_QUEUED, RunLogEntry.Outcome.RUN_COMPLETED);
        }
    }

    @Test
    void theTimeoutBoundsTheWholeExchangeNotOnlyTheHeaders() {
        Workflow w = Workflow.builder("w")
                .step(Steps.fetch("slow").get(base() + "/slow/{{ recipient.id }}").timeout(Duration.ofMillis(500)))
                .build();
        try (Notifier n = Notifier.builder().testKit(kit).fetchPolicy(FetchPolicy.DEFAULT.allowingPrivateNetworks()).workflow(w).build()) {
            n.users().identify(User.builder("ada").build());
            TriggerResult r = n.trigger("w").recipients("ada").send();
            kit.runDue();
            RunLogEntry first = n.runs().log(n.runs().ofTrigger(r.triggerId(), 1).get(0).id()).get(0);
            assertThat(first.outcome()).isEqualTo(RunLogEntry.Outcome.FETCH_RETRY);
            assertThat(first.detail()).contains("timed out after PT0.5S");
        }
    }

    @Test
    void clientErrorsFailTheRunAtOnce() {
        try (Notifier n = notifier(FetchPolicy.DEFAULT.allowingPrivateNetworks())) {
            n.users().identify(User.builder("missing").email("m@example.com").build());
            TriggerResult r = n.trigger("w").recipients("missing").send();
            kit.runDue();
            WorkflowRun run = n.runs().ofTrigger(r.triggerId(), 1).get(0);
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(n.runs().log(run.id()).get(0).detail()).contains("HTTP 404");
        }
    }

    @Test
    void loopbackAndPrivateAddressesAreRefusedByDefault() {
        try (Notifier n = notifier(FetchPolicy.DEFAULT)) {
            n.users().identify(User.builder("ada").email("ada@example.com").build());
            TriggerResult r = n.trigger("w").recipients("ada").send();
            kit.runDue();
            assertThat(requests).isEmpty();
            WorkflowRun run = n.runs().ofTrigger(r.triggerId(), 1).get(0);
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(n.runs().log(run.id()).get(0).detail()).contains("non-public address 127.0.0.1");
        }
    }

    @Test
    void hostAllowListAndSchemesAreEnforced() {
        Workflow w = Workflow.builder("w").step(Steps.fetch("f").get("{{ data.url }}")).build();
        try (Notifier n = Notifier.builder().testKit(kit).fetchPolicy(FetchPolicy.DEFAULT.allowingPrivateNetworks().onlyHosts("api.example.com")).workflow(w).build()) {
            n.users().identify(User.builder("ada").build());
            TriggerResult fileUrl = n.trigger("w").recipients("ada").data(Map.of("url", "file:///etc/passwd")).send();
            TriggerResult otherHost = n.trigger("w").recipients("ada").data(Map.of("url", base() + "/users/ada")).send();
            kit.runDue();
            assertThat(n.runs().log(n.runs().ofTrigger(fileUrl.triggerId(), 1).get(0).id()).get(0).detail()).contains("only http and https");
            assertThat(n.runs().log(n.runs().ofTrigger(otherHost.triggerId(), 1).get(0).id()).get(0).detail()).contains("not in the fetch allow-list");
            assertThat(requests).isEmpty();
        }
    }
}
