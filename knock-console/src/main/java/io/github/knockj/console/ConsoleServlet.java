package io.github.knockj.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves a {@link KnockConsole} from a servlet container (Jakarta Servlet 6): map it to
 * {@code /knock-console/*}; the mapping's path is the console's base path and {@code /knock-console}
 * redirects to {@code /knock-console/}, where the page is. The Spring Boot starter registers it when
 * {@code knock.console.enabled=true}. Needs {@code jakarta.servlet-api} on the classpath (the
 * container's; an optional dependency of this module).
 */
public class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The console; not serializable, so a deserialized servlet has none and answers 503. */
    private final transient KnockConsole console;

    /**
     * A servlet serving {@code console}.
     *
     * @param console the console
     * @throws NullPointerException if {@code console} is null
     */
    public ConsoleServlet(KnockConsole console) {
        this.console = Objects.requireNonNull(console, "console");
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (console == null) {
            resp.sendError(503);
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (path.isEmpty()) {
            KnockConsole.Reply r = console.handle(new Request(req, "/"));
            if (r.status() == 200) {
                resp.sendRedirect(req.getContextPath() + req.getServletPath() + "/");
                return;
            }
            send(resp, r);
            return;
        }
        send(resp, console.handle(new Request(req, path)));
    }

    private static void send(HttpServletResponse resp, KnockConsole.Reply r) throws IOException {
        resp.setStatus(r.status());
        r.headers().forEach(resp::setHeader);
        resp.setContentType(r.contentType());
        resp.setContentLength(r.body().length);
        resp.getOutputStream().write(r.body());
    }

    /** The servlet request as the console sees it. */
    private record Request(HttpServletRequest req, String path) implements KnockConsole.Exchange {
        @Override public String method() { return req.getMethod(); }
        @Override public Optional<String> header(String name) { return Optional.ofNullable(req.getHeader(name)); }
        @Override public Principal principal() { return req.getUserPrincipal(); }
        @Override public Object nativeRequest() { return req; }
        @Override public String rawQuery() { return req.getQueryString(); }
        @Override public InputStream body() throws IOException { return req.getInputStream(); }
    }
}
