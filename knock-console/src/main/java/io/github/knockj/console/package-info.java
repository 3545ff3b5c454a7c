/**
 * An ops console for knock, mountable in any application: {@link io.github.knockj.console.KnockConsole}
 * answers a small HTML page and the JSON API it uses, behind a
 * {@link io.github.knockj.console.ConsoleAuthorizer} the application supplies (none denies everything);
 * {@link io.github.knockj.console.ConsoleHttpHandler} serves it from the JDK's HTTP server and
 * {@link io.github.knockj.console.ConsoleServlet} from a servlet container.
 */
package io.github.knockj.console;
