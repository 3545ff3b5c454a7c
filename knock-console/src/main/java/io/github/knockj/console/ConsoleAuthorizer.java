package io.github.knockj.console;

/**
 * Decides whether a request may use the console: every request (the page, its script and styles,
 * every API call, the retry) is asked before anything else is done. The application supplies it,
 * typically checking its own session or principal ({@link ConsoleRequest#principal()}, or
 * {@link ConsoleRequest#nativeRequest()} for the framework's request). A refused request gets
 * {@code 403}.
 */
@FunctionalInterface
public interface ConsoleAuthorizer {
    /** Refuses every request: the console's authorizer when the application gives none. */
    ConsoleAuthorizer DENY_ALL = request -> false;

    /**
     * Whether {@code request} may proceed.
     *
     * @param request the request, its method, path, headers and principal
     * @return true to serve it, false to answer {@code 403}
     */
    boolean allows(ConsoleRequest request);
}
