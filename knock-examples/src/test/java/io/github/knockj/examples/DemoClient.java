package io.github.knockj.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A java.net.http client for the demo server's JSON API, for tests. */
final class DemoClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    DemoClient(InboxServer server) {
        this.base = "http://localhost:" + server.port();
    }

    /** A status and a parsed JSON body (null when the body is not JSON). */
    record Reply(int status, JsonNode body) {}

    String signIn(String userId) throws IOException, InterruptedException {
        Reply r = send("POST", "/api/demo/sign-in", null, "{\"userId\":\"" + userId + "\"}");
        if (r.status() != 200) throw new AssertionError("sign-in failed: " + r);
        return r.body().get("token").asText();
    }

    Reply get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token, null);
    }

    Reply post(String path, String token) throws IOException, InterruptedException {
        return send("POST", path, token, "{}");
    }

    Reply send(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = JSON.readTree(res.body());
        } catch (IOException e) {
            json = null;
        }
        return new Reply(res.statusCode(), json);
    }

    HttpClient http() {
        return http;
    }

    String base() {
        return base;
    }
}
