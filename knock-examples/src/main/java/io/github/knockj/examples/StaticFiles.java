package io.github.knockj.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** Serves the inbox page's files from the classpath folder {@code web/}; nothing else is reachable. */
final class StaticFiles implements HttpHandler {
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/inbox.css", "inbox.css",
            "/inbox.js", "inbox.js");

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String file = FILES.get(ex.getRequestURI().getPath());
        if (file == null || !ex.getRequestMethod().equals("GET")) {
            Http.error(ex, 404, "not found");
            return;
        }
        byte[] bytes;
        try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + file)) {
            if (in == null) throw new IOException("missing classpath resource web/" + file);
            bytes = in.readAllBytes();
        }
        ex.getResponseHeaders().set("Content-Type", contentType(file));
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) return "text/html; charset=utf-8";
        if (file.endsWith(".css")) return "text/css; charset=utf-8";
        return "text/javascript; charset=utf-8";
    }
}
