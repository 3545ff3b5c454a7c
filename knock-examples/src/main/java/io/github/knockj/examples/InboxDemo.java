package io.github.knockj.examples;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the inbox demo: from the repository root,
 * {@code mvn -q -pl knock-examples -am -DskipTests package exec:java}, then open
 * http://localhost:8080/. Another port: {@code -Dport=9090} or the first argument; 0 picks a free
 * one. Data is kept in an H2 database under {@code ./data/} (delete it to start over). Stop with Ctrl+C.
 */
public final class InboxDemo {
    private static final Logger log = LoggerFactory.getLogger(InboxDemo.class);

    /** Where the demo keeps its data: an H2 database under {@code ./data/}; delete the folder to start over. */
    static final Path DATABASE = Path.of("data", "knock-demo");

    private InboxDemo() {}

    /**
     * Runs the demo until the process is stopped.
     *
     * @param args optionally the port (else system property {@code port}, else {@value
     *     InboxServer.Settings#DEFAULT_PORT})
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("port", String.valueOf(InboxServer.Settings.DEFAULT_PORT)));
        InboxServer.Settings settings = InboxServer.Settings.defaults().withPort(port).withDatabaseFile(DATABASE);
        InboxServer app = InboxServer.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping");
            app.close();
            stopped.countDown();
        }, "inbox-demo-shutdown"));
        log.info("Comment digests close {} s after the first comment; unseen mentions are emailed after {} s. Emails are printed here.",
                settings.digestWindow().toSeconds(), settings.escalationDelay().toSeconds());
        log.info("==> Inbox demo running: open {}  (Ctrl+C to stop)", app.url());
        stopped.await();
    }
}
