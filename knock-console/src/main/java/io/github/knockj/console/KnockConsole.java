package io.github.knockj.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.NotFoundException;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.TemplateRenderException;
import io.github.knockj.core.UnknownWorkflowException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops console of one {@link Notifier}, independent of any web framework: answers the console's
 * page (static HTML, CSS and JavaScript from this jar) and the JSON API the page uses, for requests
 * below a base path. Serve it with {@link ConsoleHttpHandler} (the JDK's HTTP server) or
 * {@link ConsoleServlet} (a servlet container, which is what the Spring Boot starter registers).
 *
 * <p>Every request goes through the {@link ConsoleAuthorizer} first; without one, every request is
 * refused with {@code 403}. The console reads, except for two POSTs: retrying an undelivered message
 * and rendering a template preview (which writes nothing). A POST must carry the header
 * {@value #CSRF_HEADER}{@code : 1}, which the page's own requests send and a cross-site form or
 * image cannot, and if it names an {@code Origin} (or a {@code Sec-Fetch-Site}), it must be this
 * console's own; otherwise it is refused with {@code 403}. Every response forbids framing and
 * caching and sets a Content-Security-Policy that allows only the console's own script.
 *
 * <p>Bad input gets {@code 400} with a JSON body {@code {"error": …, "field": …}} naming the field;
 * an unknown run, message or workflow {@code 404}; a template that fails to render {@code 422}.
 * Thread-safe.
 */
public final class KnockConsole {
    /** The header every POST must carry (with value {@code 1}): the console's CSRF guard. */
    public static final String CSRF_HEADER = "X-Knock-Console";
    /** Largest request body accepted, in bytes (a preview's sample data). */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(KnockConsole.class);
    private static final String STATIC = "/io/github/knockj/console/static/";
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/console.js", "console.js", "/console.css", "console.css");
    private static final Map<String, String> SECURITY_HEADERS = securityHeaders();

    private final ConsoleAuthorizer authorizer;
    private final ConsoleApi api;

    private KnockConsole(Notifier notifier, ConsoleAuthorizer authorizer, Clock clock) {
        this.authorizer = authorizer == null ? ConsoleAuthorizer.DENY_ALL : authorizer;
        this.api = new ConsoleApi(notifier, clock);
    }

    /**
     * A console of {@code notifier} behind {@code authorizer}, measuring the queue's lag on the system clock.
     *
     * @param notifier the Notifier whose runs, messages, queue and workflows it shows
     * @param authorizer decides which requests it serves; null refuses every request
     * @return the console
     * @throws NullPointerException if {@code notifier} is null
     */
    public static KnockConsole create(Notifier notifier, ConsoleAuthorizer authorizer) {
        return create(notifier, authorizer, Clock.systemUTC());
    }

    /**
     * A console of {@code notifier} behind {@code authorizer}, measuring the queue's lag on {@code clock}
     * (the Notifier's own, a {@code TestKit}'s in tests).
     *
     * @param notifier the Notifier whose runs, messages, queue and workflows it shows
     * @param authorizer decides which requests it serves; null refuses every request
     * @param clock the clock the age of the oldest due job is measured with
     * @return the console
     * @throws NullPointerException if {@code notifier} or {@code clock} is null
     */
    public static KnockConsole create(Notifier notifier, ConsoleAuthorizer authorizer, Clock clock) {
        return new KnockConsole(Objects.requireNonNull(notifier, "notifier"), authorizer, Objects.requireNonNull(clock, "clock"));
    }

    /** A request as an adapter hands it over: the authorizer's view plus the query string and the body. */
    interface Exchange extends ConsoleRequest {
        /** The raw query string, or null. */
        String rawQuery();

        /** The request body. */
        InputStream body() throws IOException;
    }

    /** What an adapter writes back. */
    record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {}

    /** An error the API answers with a status and a JSON body naming the field. */
    static final class ApiError extends RuntimeException {
        final int status;
        final String field;

        ApiError(int status, String field, String message) {
            super(message);
            this.status = status;
            this.field = field;
        }
    }

    Reply handle(Exchange ex) {
        try {
            if (!allows(ex)) return error(403, null, "not authorized for the knock console");
            String method = ex.method().toUpperCase(Locale.ROOT);
            String path = ex.path().isEmpty() ? "/" : ex.path();
            if (method.equals("GET")) {
                String page = PAGES.get(path);
                if (page != null) return resource(page);
                if (path.startsWith("/api/")) return json(200, api.get(path.substring(4), query(ex.rawQuery())));
                return error(404, null, "no such page: " + path);
            }
            if (method.equals("POST")) {
                if (!path.startsWith("/api/")) return error(404, null, "no such page: " + path);
                String refused = csrfRefusal(ex);
                if (refused != null) return error(403, CSRF_HEADER, refused);
                return json(200, api.post(path.substring(4), readBody(ex)));
            }
            return new Reply(405, "application/json", bytes(Map.of("error", "method " + method + " is not allowed")),
                    withSecurity(Map.of("Allow", "GET, POST")));
        } catch (ApiError e) {
            return error(e.status, e.field, e.getMessage());
        } catch (InvalidInputException e) {
            return error(400, e.field(), e.getMessage());
        } catch (NotFoundException | UnknownWorkflowException e) {
            return error(404, null, e.getMessage());
        } catch (TemplateRenderException e) {
            return error(422, "template", e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.warn("knock console: {} {} failed", ex.method(), ex.path(), e);
            return error(500, null, "internal error; see the server log");
        }
    }

    /** Asks the authorizer; an authorizer that throws refuses. */
    private boolean allows(ConsoleRequest r) {
        try {
            return authorizer.allows(r);
        } catch (RuntimeException e) {
            LOG.warn("knock console: the authorizer threw; refusing {} {}", r.method(), r.path(), e);
            return false;
        }
    }

    /** Why a POST is refused as a possible cross-site request, or null if it is not. */
    static String csrfRefusal(ConsoleRequest r) {
        if (!r.header(CSRF_HEADER).map("1"::equals).orElse(false)) {
            return "a POST to the console must carry the header " + CSRF_HEADER + ": 1 (the console page sends it)";
        }
        Optional<String> site = r.header("Sec-Fetch-Site");
        if (site.isPresent() && !site.get().equals("same-origin") && !site.get().equals("none")) {
            return "cross-site request refused (Sec-Fetch-Site: " + site.get() + ")";
        }
        Optional<String> origin = r.header("Origin");
        if (origin.isPresent()) {
            String host = r.header("Host").orElse("");
            String originHost;
            try {
                URI u = URI.create(origin.get());
                originHost = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
            } catch (IllegalArgumentException e) {
                originHost = null;
            }
            if (originHost == null || !originHost.equalsIgnoreCase(host)) {
                return "cross-origin request refused (Origin " + origin.get() + " is not this console's host " + host + ")";
            }
        }
        return null;
    }

    private static byte[] readBody(Exchange ex) throws IOException {
        try (InputStream in = ex.body()) {
            byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
            if (b.length > MAX_BODY_BYTES) throw new ApiError(413, "body", "request body is over " + MAX_BODY_BYTES + " bytes");
            return b;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private Reply resource(String name) throws IOException {
        try (InputStream in = KnockConsole.class.getResourceAsStream(STATIC + name)) {
            if (in == null) return error(404, null, "missing resource " + name);
            String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                    : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            return new Reply(200, type, in.readAllBytes(), SECURITY_HEADERS);
        }
    }

    private static Reply json(int status, Object body) {
        return new Reply(status, "application/json", bytes(body), SECURITY_HEADERS);
    }

    private static Reply error(int status, String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) body.put("field", field);
        return json(status, body);
    }

    private static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> withSecurity(Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>(SECURITY_HEADERS);
        h.putAll(extra);
        return h;
    }

    private static Map<String, String> securityHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        // The page's own script and styles only; the preview iframe (srcdoc, sandboxed without scripts)
        // inherits this policy, so an email's inline styles show and its scripts and remote content do not.
        h.put("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cache-Control", "no-store");
        return Map.copyOf(h);
    }
}
