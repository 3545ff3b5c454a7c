package io.github.knockj.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves a {@link KnockConsole} from the JDK's own HTTP server ({@code com.sun.net.httpserver}),
 * in any application and with no dependency:
 * {@code server.createContext("/knock-console", new ConsoleHttpHandler(console))}. The context path
 * is the console's base path; {@code /knock-console} redirects to {@code /knock-console/}, where the
 * page is.
 */
public final class ConsoleHttpHandler implements HttpHandler {
    private final KnockConsole console;

    /**
     * A handler serving {@code console}.
     *
     * @param console the console
     * @throws NullPointerException if {@code console} is null
     */
    public ConsoleHttpHandler(KnockConsole console) {
        this.console = Objects.requireNonNull(console, "console");
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String base = ex.getHttpContext().getPath();
            if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
            String full = ex.getRequestURI().getPath();
            String path = full.length() > base.length() ? full.substring(base.length()) : "";
            if (path.isEmpty()) {
                // the page's relative links need the trailing slash; ask the authorizer first all the same
                KnockConsole.Reply r = console.handle(new Request(ex, "/"));
                if (r.status() == 200) {
                    ex.getResponseHeaders().set("Location", base + "/");
                    ex.sendResponseHeaders(302, -1);
                    return;
                }
                send(ex, r);
                return;
            }
            send(ex, console.handle(new Request(ex, path)));
        }
    }

    private static void send(HttpExchange ex, KnockConsole.Reply r) throws IOException {
        r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(r.body());
        }
    }

    /** The exchange as the console sees it. */
    private record Request(HttpExchange ex, String path) implements KnockConsole.Exchange {
        @Override public String method() { return ex.getRequestMethod(); }
        @Override public Optional<String> header(String name) { return Optional.ofNullable(ex.getRequestHeaders().getFirst(name)); }
        @Override public Principal principal() { return ex.getPrincipal(); }
        @Override public Object nativeRequest() { return ex; }
        @Override public String rawQuery() { return ex.getRequestURI().getRawQuery(); }
        @Override public InputStream body() { return ex.getRequestBody(); }
    }
}
