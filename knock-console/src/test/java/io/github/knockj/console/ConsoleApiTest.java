package io.github.knockj.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.MessageEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console's page and JSON API over a real JDK HTTP server on loopback, through java.net.http. */
class ConsoleApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private ConsoleFixture f;

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    private ConsoleFixture start(ConsoleAuthorizer authorizer) throws Exception {
        f = new ConsoleFixture(authorizer);
        return f;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(f.base() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base() + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postFromPage(String path, String body) throws Exception {
        return post(path, body, KnockConsole.CSRF_HEADER, "1", "Origin", "http://127.0.0.1:" + f.server.getAddress().getPort());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void withoutAnAuthorizerEveryRequestIsRefused() throws Exception {
        start(null);
        for (String path : List.of("/", "/console.js", "/api/runs", "/api/overview", "/api/messages/" + f.undeliveredId, "/nope")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(403);
        }
        HttpResponse<String> retry = postFromPage("/api/messages/" + f.undeliveredId + "/retry", "{}");
        assertThat(retry.statusCode()).isEqualTo(403);
        assertThat(get("").statusCode()).as("no redirect to the page either").isEqualTo(403);
        assertThat(f.notifier.messages().get(f.undeliveredId).orElseThrow().status()).isEqualTo(DeliveryStatus.UNDELIVERED);
    }

    @Test
    void theAuthorizerSeesEachRequestAndDecides() throws Exception {
        start(r -> r.method().equals("GET") && r.header("X-User").map("ops"::equals).orElse(false));
        assertThat(get("/api/runs").statusCode()).isEqualTo(403);
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(f.base() + "/api/runs")).header("X-User", "ops").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    @Test
    void thePageAndItsAssetsAreServedWithAStrictPolicy() throws Exception {
        start(r -> true);
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'", "frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body()).contains("<script src=\"console.js\"");
        assertThat(get("/console.js").body()).contains("textContent").doesNotContain("innerHTML");
        assertThat(get("/console.css").statusCode()).isEqualTo(200);
        HttpResponse<String> bare = get("");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValue("/knock-console/");
        assertThat(get("/other.html").statusCode()).isEqualTo(404);
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(f.base() + "/api/runs")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    @Test
    void failedRunsAreListedWithTheirLogAndMessages() throws Exception {
        start(r -> true);
        JsonNode failed = json(get("/api/runs?status=failed"));
        assertThat(failed.get("items")).hasSize(1);
        JsonNode run = failed.get("items").get(0);
        assertThat(run.get("workflow").asText()).isEqualTo("digest");
        assertThat(run.get("recipient").asText()).isEqualTo("ada");
        assertThat(failed.get("next").isNull()).isTrue();

        JsonNode detail = json(get("/api/runs/" + run.get("id").asText()));
        assertThat(detail.get("run").get("status").asText()).isEqualTo("FAILED");
        assertThat(detail.get("log").findValuesAsText("outcome")).contains("RENDER_FAILED", "RUN_FAILED");
        assertThat(detail.get("messages").get(0).get("status").asText()).isEqualTo("NOT_SENT");

        assertThat(json(get("/api/runs")).get("items")).hasSize(2);
        assertThat(json(get("/api/runs?workflow=welcome")).get("items")).hasSize(1);
        JsonNode firstPage = json(get("/api/runs?limit=1"));
        assertThat(firstPage.get("items")).hasSize(1);
        JsonNode second = json(get("/api/runs?limit=1&before=" + firstPage.get("next").asText()));
        assertThat(second.get("items").get(0).get("id").asText()).isNotEqualTo(firstPage.get("items").get(0).get("id").asText());
    }

    @Test
    void badInputIsA400NamingTheFieldAndUnknownIdsAre404() throws Exception {
        start(r -> true);
        HttpResponse<String> badStatus = get("/api/runs?status=broken");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(json(badStatus).get("field").asText()).isEqualTo("status");
        HttpResponse<String> badLimit = get("/api/messages?limit=0");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(json(badLimit).get("field").asText()).isEqualTo("messages.limit");
        assertThat(json(get("/api/runs?limit=x")).get("field").asText()).isEqualTo("limit");
        assertThat(get("/api/runs/NO_SUCH_RUN").statusCode()).isEqualTo(404);
        assertThat(get("/api/messages/NO_SUCH_MESSAGE").statusCode()).isEqualTo(404);
        assertThat(get("/api/nothing").statusCode()).isEqualTo(404);
        assertThat(postFromPage("/api/messages/NO_SUCH_MESSAGE/retry", "{}").statusCode()).isEqualTo(404);
        HttpResponse<String> delivered = postFromPage("/api/messages/" + f.notifier.runs().messages(
                json(get("/api/runs?status=FAILED")).get("items").get(0).get("id").asText()).get(0).id() + "/retry", "{}");
        assertThat(delivered.statusCode()).as("a NOT_SENT message is not retryable").isEqualTo(400);
    }

    @Test
    void aRetryWithoutTheConsoleHeaderOrFromAnotherSiteIsRefused() throws Exception {
        start(r -> true);
        String path = "/api/messages/" + f.undeliveredId + "/retry";
        HttpResponse<String> bare = post(path, "{}");
        assertThat(bare.statusCode()).isEqualTo(403);
        assertThat(json(bare).get("field").asText()).isEqualTo(KnockConsole.CSRF_HEADER);
        assertThat(post(path, "{}", KnockConsole.CSRF_HEADER, "1", "Origin", "https://evil.example").statusCode()).isEqualTo(403);
        assertThat(post(path, "{}", KnockConsole.CSRF_HEADER, "1", "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(f.notifier.messages().get(f.undeliveredId).orElseThrow().status()).isEqualTo(DeliveryStatus.UNDELIVERED);
    }

    @Test
    void undeliveredMessagesAreListedAndARetryRequeuesThemForDelivery() throws Exception {
        start(r -> true);
        JsonNode undelivered = json(get("/api/messages?status=UNDELIVERED"));
        assertThat(undelivered.get("items")).hasSize(1);
        assertThat(undelivered.get("items").get(0).get("id").asText()).isEqualTo(f.undeliveredId);
        assertThat(undelivered.get("items").get(0).get("retryable").asBoolean()).isTrue();
        JsonNode history = json(get("/api/messages/" + f.undeliveredId)).get("history");
        assertThat(history.findValuesAsText("detail")).anyMatch(d -> d.contains("550 mailbox unavailable"));

        f.providerFails.set(false);
        HttpResponse<String> retry = postFromPage("/api/messages/" + f.undeliveredId + "/retry", "{}");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(json(retry).get("message").get("status").asText()).isEqualTo("QUEUED");
        assertThat(json(get("/api/overview")).get("jobs").asLong()).as("its delivery job").isEqualTo(1);

        f.kit.runDue();
        assertThat(f.notifier.messages().get(f.undeliveredId).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(f.notifier.messages().history(f.undeliveredId)).extracting(MessageEvent::type).last().isEqualTo("delivered");
        assertThat(json(get("/api/messages?status=UNDELIVERED")).get("items")).isEmpty();
    }

    @Test
    void theOverviewGivesQueueDepthAndTheAgeOfTheOldestDueJob() throws Exception {
        start(r -> true);
        f.notifier.trigger("welcome").recipients("ada").send();
        JsonNode now = json(get("/api/overview"));
        assertThat(now.get("workflows").asInt()).isEqualTo(2);
        long jobs = now.get("jobs").asLong();
        assertThat(jobs).isPositive();
        f.kit.clock().advance(Duration.ofSeconds(30));
        JsonNode later = json(get("/api/overview"));
        assertThat(later.get("oldestDueAgeSeconds").asDouble()).isEqualTo(30.0);
    }

    @Test
    void workflowsAreListedWithTheirStepsAndTemplates() throws Exception {
        start(r -> true);
        JsonNode items = json(get("/api/workflows")).get("items");
        assertThat(items.findValuesAsText("key")).containsExactly("welcome", "digest");
        JsonNode step = items.get(0).get("steps").get(0);
        assertThat(step.get("type").asText()).isEqualTo("channel");
        assertThat(step.get("channel").asText()).isEqualTo("email");
        assertThat(step.get("templates").get("subject").asText()).isEqualTo("Welcome, {{ recipient.name }}");
    }

    @Test
    void aPreviewRendersWithSampleDataEscapedAndARenderFailureIsAClearMessage() throws Exception {
        start(r -> true);
        HttpResponse<String> ok = postFromPage("/api/preview",
                "{\"workflow\":\"welcome\",\"step\":\"mail\",\"recipient\":\"ada\",\"data\":{\"note\":\"<img src=x onerror=alert(1)>\"}}");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode content = json(ok).get("content");
        assertThat(content.get("subject").asText()).isEqualTo("Welcome, Ada");
        assertThat(content.get("html").asText()).isEqualTo("<h1>Hello Ada</h1><p>&lt;img src=x onerror=alert(1)&gt;</p>");
        assertThat(f.email.sent()).as("nothing sent").hasSize(1);

        HttpResponse<String> failing = postFromPage("/api/preview", "{\"workflow\":\"digest\",\"step\":\"mail\",\"recipient\":\"ada\"}");
        assertThat(failing.statusCode()).isEqualTo(422);
        assertThat(json(failing).get("error").asText()).contains("field 'subject'", "missing_title");

        HttpResponse<String> noWorkflow = postFromPage("/api/preview", "{\"step\":\"mail\",\"recipient\":\"ada\"}");
        assertThat(noWorkflow.statusCode()).isEqualTo(400);
        assertThat(json(noWorkflow).get("field").asText()).isEqualTo("workflow");
        HttpResponse<String> badData = postFromPage("/api/preview", "{\"workflow\":\"welcome\",\"step\":\"mail\",\"recipient\":\"ada\",\"data\":[1]}");
        assertThat(json(badData).get("field").asText()).isEqualTo("data");
        HttpResponse<String> notJson = postFromPage("/api/preview", "{nope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("field").asText()).isEqualTo("body");
        assertThat(postFromPage("/api/preview", "{\"workflow\":\"nope\",\"step\":\"mail\",\"recipient\":\"ada\"}").statusCode()).isEqualTo(404);
        assertThat(postFromPage("/api/preview", "x".repeat(KnockConsole.MAX_BODY_BYTES + 1)).statusCode()).isEqualTo(413);
    }
}
