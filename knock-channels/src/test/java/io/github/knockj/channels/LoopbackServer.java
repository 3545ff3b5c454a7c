package io.github.knockj.channels;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutorService;

/**
 * A real HTTP server on 127.0.0.1 (JDK {@code com.sun.net.httpserver}) that records every request
 * and answers with queued replies (200 "{}" once the queue is empty).
 */
final class LoopbackServer implements AutoCloseable {

    /** One received request. */
    record Received(String method, String path, String query, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** One reply to give. */
    record Reply(int status, String body, Map<String, String> headers) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();

    private LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static LoopbackServer start() {
        try {
            return new LoopbackServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Queues a reply for the next request without one. */
    LoopbackServer reply(int status, String body) {
        return reply(status, body, Map.of());
    }

    LoopbackServer reply(int status, String body, Map<String, String> headers) {
        replies.add(new Reply(status, body, headers));
        return this;
    }

    /** The base URL, such as {@code http://127.0.0.1:41234}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@link #baseUrl()} plus {@code path}. */
    String url(String path) {
        return baseUrl() + path;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    Received only() {
        if (received.size() != 1) throw new AssertionError("expected exactly one request, got " + received.size());
        return received.get(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders(), body));
        }
        Reply r = replies.poll();
        if (r == null) r = new Reply(200, "{}", Map.of());
        r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (!r.headers().containsKey("Content-Type")) ex.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A TCP server that accepts connections (through its backlog) but never reads or answers: for
     * timeout tests. Close it after the test.
     */
    static ServerSocket silentServer() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
