package io.github.knockj.examples;

import com.sun.net.httpserver.HttpServer;
import io.github.knockj.channels.ConsoleProvider;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.InAppFeedChannel;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.Store;
import io.github.knockj.jdbc.JdbcStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo application: a {@link Notifier} with the demo workflows, the in-app feed and email to
 * the console, served on localhost by the JDK's {@link HttpServer}: the inbox page, the feed API,
 * live updates and the demo buttons. Start it with {@link #start(Settings)}, stop it with
 * {@link #close()}.
 */
public final class InboxServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboxServer.class);

    /** HTTP worker threads; live streams take one each, so {@link SseHub#MAX_STREAMS} stays below it. */
    static final int HTTP_THREADS = SseHub.MAX_STREAMS + 16;
    /** Requests waiting for a worker thread; past this a new connection is refused (closed) at once. */
    static final int HTTP_QUEUE = 64;
    /**
     * How long a client may take to send a whole request (headers and body), in seconds, unless the
     * JVM was started with {@value #REQUEST_TIME_PROPERTY}; a slower connection is closed and frees its thread.
     */
    static final long DEFAULT_REQUEST_SECONDS = 10;
    static final String REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";

    static {
        // The JDK HTTP server reads its limits from system properties once, when its first server starts;
        // by default it waits for a request body forever, so a few hundred clients that stop mid-body
        // would hold every thread. (Idle keep-alive connections are closed after 30 s by default.)
        if (System.getProperty(REQUEST_TIME_PROPERTY) == null) {
            System.setProperty(REQUEST_TIME_PROPERTY, Long.toString(DEFAULT_REQUEST_SECONDS));
        }
    }

    /**
     * How to run the demo.
     *
     * @param port the port on localhost; 0 picks a free one
     * @param clock the clock of the Notifier and of token expiry
     * @param digestWindow the comment digest's batch window
     * @param escalationDelay how long a mention may stay unseen before it is emailed
     * @param seedHistory whether to trigger some history when the store is new
     * @param databaseFile an H2 database file (a {@link JdbcStore}) that keeps everything across restarts, or null
     *        for the {@link io.github.knockj.core.memory.InMemoryStore}
     */
    public record Settings(int port, Clock clock, Duration digestWindow, Duration escalationDelay, boolean seedHistory,
                           Path databaseFile) {
        /** The port used unless another is given. */
        public static final int DEFAULT_PORT = 8080;

        /**
         * Port {@value #DEFAULT_PORT}, the system clock, a 20 s digest, a 30 s escalation, some history, in
         * memory.
         *
         * @return the default settings
         */
        public static Settings defaults() {
            return new Settings(DEFAULT_PORT, Clock.systemUTC(), Duration.ofSeconds(20), Duration.ofSeconds(30), true, null);
        }

        /**
         * {@return a copy on port {@code p}}
         *
         * @param p the port; 0 picks a free one
         */
        public Settings withPort(int p) { return new Settings(p, clock, digestWindow, escalationDelay, seedHistory, databaseFile); }
        /**
         * {@return a copy with clock {@code c}}
         *
         * @param c the clock
         */
        public Settings withClock(Clock c) { return new Settings(port, c, digestWindow, escalationDelay, seedHistory, databaseFile); }
        /**
         * {@return a copy that seeds history or not}
         *
         * @param s whether to trigger some history when the store is new
         */
        public Settings withSeedHistory(boolean s) { return new Settings(port, clock, digestWindow, escalationDelay, s, databaseFile); }
        /**
         * {@return a copy keeping its data in H2 file {@code f}}
         *
         * @param f the database file, or null for the in-memory store
         */
        public Settings withDatabaseFile(Path f) { return new Settings(port, clock, digestWindow, escalationDelay, seedHistory, f); }
    }

    private final Store store;
    private final Notifier notifier;
    private final FeedAuth auth;
    private final SseHub hub;
    private final AutoCloseable hubRegistration;
    private final HttpServer server;
    private final ExecutorService executor;

    private InboxServer(Settings settings) throws IOException {
        this.store = settings.databaseFile() == null ? InMemoryStore.create() : JdbcStore.h2File(settings.databaseFile());
        Notifier.Builder builder = Notifier.builder()
                .store(store)
                .clock(settings.clock())
                .channel(DemoWorkflows.FEED, InAppFeedChannel.create())
                .channel(DemoWorkflows.EMAIL, ConsoleProvider.builder(ChannelType.EMAIL).name("console-email").build())
                .listener(new ActivityLog());
        for (Workflow w : DemoWorkflows.all(settings.digestWindow(), settings.escalationDelay())) builder.workflow(w);
        this.notifier = builder.build();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.auth = new FeedAuth(secret, settings.clock(), FeedAuth.DEFAULT_TTL);
        this.hub = new SseHub(notifier, DemoWorkflows.FEED);
        this.hubRegistration = notifier.addListener(hub);

        boolean newStore = notifier.users().get(DemoData.USERS.get(0).id()).isEmpty();
        log.info("Store: {}", settings.databaseFile() == null ? "in memory"
                : "H2 file " + settings.databaseFile().toAbsolutePath() + ".mv.db" + (newStore ? " (new)" : " (kept from the last run)"));
        DemoData.setUp(notifier);
        if (settings.seedHistory() && newStore) DemoData.seedHistory(notifier);

        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 64);
        server.createContext("/", new StaticFiles());
        server.createContext("/api/feed", new FeedApi(notifier, DemoWorkflows.FEED, auth, hub));
        server.createContext("/api/demo", new DemoApi(notifier, auth));
        // Bounded and rejecting: a request that finds every thread busy and the queue full is refused (the
        // JDK server closes its connection); it must never run on the server's one dispatcher thread.
        this.executor = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(HTTP_QUEUE),
                r -> {
                    Thread t = new Thread(r, "inbox-http");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Builds the Notifier, sets up the demo data and starts serving on localhost.
     *
     * @param settings how to run
     * @return the running server; close it to stop
     * @throws IOException if the port cannot be bound
     */
    public static InboxServer start(Settings settings) throws IOException {
        return new InboxServer(settings);
    }

    /**
     * The port served on (the one picked when the settings said 0).
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The inbox page's address.
     *
     * @return the URL of the inbox page
     */
    public String url() {
        return "http://localhost:" + port() + "/";
    }

    /**
     * The demo's Notifier, to trigger workflows directly.
     *
     * @return the Notifier
     */
    public Notifier notifier() {
        return notifier;
    }

    /**
     * Issues and checks the feed tokens.
     *
     * @return the token issuer
     */
    public FeedAuth auth() {
        return auth;
    }

    /**
     * The live update hub.
     *
     * @return the hub
     */
    public SseHub hub() {
        return hub;
    }

    /** Ends live streams, stops serving, closes the Notifier and the store. */
    @Override
    public void close() {
        hub.close();
        server.stop(0);
        executor.shutdownNow();
        try {
            hubRegistration.close();
        } catch (Exception e) {
            log.warn("Could not remove the live update listener", e);
        }
        notifier.close();
        store.close();
    }
}
