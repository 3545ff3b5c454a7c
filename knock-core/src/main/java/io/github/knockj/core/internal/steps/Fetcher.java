package io.github.knockj.core.internal.steps;

import io.github.knockj.core.FetchPolicy;
import io.github.knockj.core.FetchStep;
import io.github.knockj.core.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Executes fetch steps over the JDK HTTP client, guarded by a {@link FetchPolicy}. */
final class Fetcher {
    /** The outcome of one fetch. */
    record Result(Map<String, Object> body, String error, boolean retryable) {
        static Result ok(Map<String, Object> body) { return new Result(body, null, false); }
        static Result retry(String error) { return new Result(null, error, true); }
        static Result fail(String error) { return new Result(null, error, false); }
        boolean ok() { return error == null; }
    }

    private final FetchPolicy policy;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(java.time.Duration.ofSeconds(10))
            .build();

    Fetcher(FetchPolicy policy) {
        this.policy = policy;
    }

    Result fetch(FetchStep step, Map<String, Object> vars) {
        String url = step.url().render(vars, false).trim();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Result.fail("invalid URL '" + url + "'");
        }
        String refusal = refusal(uri);
        if (refusal != null) return Result.fail(refusal);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(step.timeout()).header("Accept", "application/json");
        step.headers().forEach((k, v) -> req.header(k, v.render(vars, false)));
        String body = step.body() == null ? null : step.body().render(vars, false);
        if (body != null) req.header("Content-Type", "application/json");
        req.method(step.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(req.build(), info -> new BoundedBody(FetchStep.MAX_RESPONSE_BYTES + 1));
        HttpResponse<byte[]> resp;
        try {
            // the step's timeout bounds the whole exchange: connecting, headers and the last byte of the body
            resp = exchange.get(step.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return Result.retry("timed out after " + step.timeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) return Result.retry("timed out after " + step.timeout());
            if (cause instanceof IOException) return Result.retry("connection failed: " + cause.getMessage());
            return Result.fail("invalid response: " + cause);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return Result.retry("interrupted");
        }
        byte[] bytes = resp.body();
        int code = resp.statusCode();
        if (code >= 500) return Result.retry("HTTP " + code + " from " + uri.getHost());
        if (code != 200 && code != 201 && code != 204) return Result.fail("HTTP " + code + " from " + uri.getHost());
        if (bytes.length > FetchStep.MAX_RESPONSE_BYTES) {
            return Result.fail("response over " + FetchStep.MAX_RESPONSE_BYTES + " bytes");
        }
        if (code == 204 || bytes.length == 0) return Result.ok(Map.of());
        try {
            Object parsed = Json.read(new String(bytes, StandardCharsets.UTF_8));
            if (!(parsed instanceof Map<?, ?>)) return Result.fail("response is not a JSON object");
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) parsed;
            return Result.ok(Json.copyMap("fetch response", m));
        } catch (RuntimeException e) {
            return Result.fail("invalid response: " + e.getMessage());
        }
    }

    /**
     * Collects a response body up to {@code limit} bytes; past that it cancels the download and
     * completes with the first {@code limit} bytes, so an endless body neither fills the heap nor
     * holds the step.
     */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) return;
            for (ByteBuffer b : buffers) {
                int n = Math.min(b.remaining(), limit - out.size());
                byte[] chunk = new byte[n];
                b.get(chunk);
                out.write(chunk, 0, n);
                if (out.size() >= limit) {
                    subscription.cancel();
                    result.complete(out.toByteArray());
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }

    /** Why the policy refuses {@code uri}, or null if it may be called. */
    String refusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return "only http and https URLs may be fetched, not '" + scheme + "'";
        String host = uri.getHost();
        if (host == null || host.isEmpty()) return "URL has no host";
        if (!policy.allowedHosts().isEmpty() && !policy.allowedHosts().contains(host.toLowerCase(Locale.ROOT))) {
            return "host '" + host + "' is not in the fetch allow-list";
        }
        if (policy.allowPrivateNetworks()) return null;
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                        || a.isMulticastAddress() || isUniqueLocalV6(a) || isCarrierGradeNat(a)) {
                    return "host '" + host + "' resolves to a non-public address " + a.getHostAddress();
                }
            }
        } catch (UnknownHostException e) {
            return "unknown host '" + host + "'";
        }
        return null;
    }

    private static boolean isUniqueLocalV6(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xFE) == 0xFC;
    }

    private static boolean isCarrierGradeNat(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64;
    }
}
