package io.github.knockj.channels.internal;

import io.github.knockj.core.spi.DeliveryResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP exchange every HTTP provider uses: the JDK's {@link HttpClient} with a connect timeout
 * and a per-request timeout, nothing thrown, and one classification of failures:
 * <ul>
 *   <li>2xx: success (the caller reads the body);
 *   <li>429: retryable, honouring {@code Retry-After} (seconds or an HTTP-date);
 *   <li>408 and 5xx: retryable (also honouring {@code Retry-After} when given);
 *   <li>other statuses: permanent, quoting the start of the response body;
 *   <li>connection failures and timeouts: retryable.
 * </ul>
 * Failure reasons never contain the request URL (webhook URLs carry secrets) or request headers.
 * Thread-safe. Not a public API.
 */
public final class HttpTransport {
    /** Sent as {@code User-Agent} on every request. */
    public static final String USER_AGENT = "knockj-channels";

    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Clock clock;

    /** A transport with its own client; {@code clock} measures {@code Retry-After} dates. */
    public HttpTransport(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /**
     * A request builder for {@code uri} with the request timeout and User-Agent set; plain http
     * (loopback, test servers) is spoken as HTTP/1.1 so no h2c upgrade is attempted.
     */
    public HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("User-Agent", USER_AGENT);
        if ("http".equalsIgnoreCase(uri.getScheme())) b.version(HttpClient.Version.HTTP_1_1);
        return b;
    }

    /** Sends {@code request} and waits for the whole response; never throws. */
    public HttpReply send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new HttpReply(r.statusCode(), r.headers(), r.body() == null ? "" : r.body(), null);
        } catch (HttpTimeoutException e) {
            return failed("timed out: " + describe(e, request.uri()));
        } catch (IOException e) {
            return failed("connection failed: " + describe(e, request.uri()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted while waiting for the response");
        } catch (RuntimeException e) {
            // e.g. IllegalArgumentException for a URI the client refuses: nothing was sent
            return failed("request failed: " + describe(e, request.uri()));
        }
    }

    /** The exception's description with the URL (and its path, if not trivial) masked. */
    private static String describe(Exception e, URI uri) {
        String path = uri.getRawPath();
        return Text.redact(Text.describe(e), uri.toString(), path != null && path.length() > 1 ? path : null);
    }

    private static HttpReply failed(String why) {
        return new HttpReply(0, NO_HEADERS, "", why);
    }

    /**
     * The failure {@code reply} stands for, or null if it is a success (2xx). {@code what} names the
     * target in the reason, e.g. "webhook" or "token 2 of 3".
     */
    public DeliveryResult classify(HttpReply reply, String what) {
        if (reply.transportFailure() != null) return DeliveryResult.retryable(what + " " + reply.transportFailure(), null);
        if (reply.isSuccess()) return null;
        int status = reply.status();
        String reason = what + " answered HTTP " + status + quote(reply.body());
        if (status == 429 || status == 408 || status >= 500) {
            return DeliveryResult.retryable(reason, RetryAfter.parse(reply.header("Retry-After"), clock));
        }
        return DeliveryResult.permanent(reason);
    }

    private static String quote(String body) {
        String t = Text.truncate(body, Text.MAX_QUOTED_BODY);
        return t.isEmpty() ? "" : ": " + t;
    }
}
