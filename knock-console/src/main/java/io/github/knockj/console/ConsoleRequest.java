package io.github.knockj.console;

import java.security.Principal;
import java.util.Optional;

/** A request to the console, as its {@link ConsoleAuthorizer} sees it. */
public interface ConsoleRequest {
    /**
     * The HTTP method.
     *
     * @return {@code GET}, {@code POST}…
     */
    String method();

    /**
     * The path below the console's base path, starting with {@code /}: {@code /} for the page,
     * {@code /api/runs} for the list of runs.
     *
     * @return the path within the console
     */
    String path();

    /**
     * A request header.
     *
     * @param name the header name, in any case
     * @return its first value, or empty if absent
     */
    Optional<String> header(String name);

    /**
     * The authenticated user, if the server established one (a servlet container's
     * {@code getUserPrincipal()}, a JDK server's {@code HttpExchange.getPrincipal()}).
     *
     * @return the principal, or null if none
     */
    Principal principal();

    /**
     * The server's own request object, for checks the other methods do not offer (a session attribute…).
     *
     * @return a {@code com.sun.net.httpserver.HttpExchange} or a {@code jakarta.servlet.http.HttpServletRequest}
     */
    Object nativeRequest();
}
