package io.github.knockj.examples;

import com.sun.net.httpserver.HttpExchange;
import io.github.knockj.core.Message;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.spi.NotifierListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes live feed updates to browsers with Server-Sent Events. As a {@link NotifierListener} it
 * hears new in-app messages and engagement changes, and hands each to the open streams of that
 * message's user only; it never blocks the engine. Each stream has a small bounded queue: if a
 * slow browser lets it fill up, its pending events are replaced by one {@code resync} event (the
 * page then reloads its feed). Streams send a heartbeat comment every {@link #HEARTBEAT}, so a
 * closed browser tab is noticed and its stream removed. Thread-safe.
 *
 * <p>Events: {@code message} (a new item and the counts), {@code changed} (an item's read, seen or
 * archived state and the counts), {@code counts}, {@code resync}.
 */
public final class SseHub implements NotifierListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SseHub.class);

    /** Events buffered per stream before it is told to resync. */
    public static final int QUEUE_CAPACITY = 64;
    /** Streams open at once, over all users; more are refused with 503. */
    public static final int MAX_STREAMS = 32;
    /** Streams open at once per user (browser tabs); more are refused with 503. */
    public static final int MAX_STREAMS_PER_USER = 4;
    /** How often an idle stream sends a heartbeat. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private record Event(String type, Message message) {}

    private static final Event RESYNC = new Event("resync", null);
    private static final Event COUNTS = new Event("counts", null);
    private static final Event CLOSE = new Event("close", null);

    private static final class Stream {
        final String userId;
        final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);

        Stream(String userId) {
            this.userId = userId;
        }

        void offer(Event e) {
            if (!queue.offer(e)) {
                queue.clear();
                queue.offer(e == CLOSE ? CLOSE : RESYNC);
            }
        }
    }

    private final Notifier notifier;
    private final String channelKey;
    private final Map<String, Set<Stream>> streams = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * A hub for the in-app feed on {@code channelKey}; register it with {@link Notifier#addListener}.
     *
     * @param notifier the Notifier whose feed changes are streamed
     * @param channelKey the in-app channel
     */
    public SseHub(Notifier notifier, String channelKey) {
        this.notifier = notifier;
        this.channelKey = channelKey;
    }

    @Override
    public void onMessageCreated(Message message) {
        publish(message, "message");
    }

    @Override
    public void onEngagementChanged(Message message) {
        publish(message, "changed");
    }

    private void publish(Message m, String type) {
        if (!m.channelKey().equals(channelKey) || !m.recipient().isUser()) return;
        send(m.recipient().id(), new Event(type, m));
    }

    /**
     * Tells {@code userId}'s streams to refresh their counts (after a bulk change such as "mark all read").
     *
     * @param userId the user whose counts changed
     */
    public void countsChanged(String userId) {
        send(userId, COUNTS);
    }

    private void send(String userId, Event e) {
        Set<Stream> mine = streams.get(userId);
        if (mine != null) mine.forEach(s -> s.offer(e));
    }

    /**
     * Streams open now, over all users.
     *
     * @return the number of open streams
     */
    public int openStreams() {
        return streams.values().stream().mapToInt(Set::size).sum();
    }

    /** Serves one event stream for {@code userId} until the browser goes away or the hub closes. */
    void serve(HttpExchange ex, String userId) throws IOException {
        Stream stream = register(userId);
        if (stream == null) {
            Http.error(ex, 503, "too many live streams");
            return;
        }
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            write(out, "retry: 2000\n\n");
            write(out, event(userId, COUNTS));
            while (!closed) {
                Event e = stream.queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (e == CLOSE) break;
                write(out, e == null ? ": heartbeat\n\n" : event(userId, e));
            }
        } catch (IOException e) {
            log.debug("Live stream of {} closed by the browser: {}", userId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            unregister(stream);
            ex.close();
        }
    }

    private synchronized Stream register(String userId) {
        if (closed || openStreams() >= MAX_STREAMS) return null;
        Set<Stream> mine = streams.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet());
        if (mine.size() >= MAX_STREAMS_PER_USER) return null;
        Stream s = new Stream(userId);
        mine.add(s);
        log.info("Live stream opened for {} ({} open)", userId, openStreams());
        return s;
    }

    private synchronized void unregister(Stream s) {
        Set<Stream> mine = streams.get(s.userId);
        if (mine != null) {
            mine.remove(s);
            if (mine.isEmpty()) streams.remove(s.userId);
        }
        log.info("Live stream closed for {} ({} open)", s.userId, openStreams());
    }

    private String event(String userId, Event e) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        if (e.message() != null) data.put("item", FeedItems.item(e.message()));
        if (e != RESYNC) data.put("counts", notifier.feed(userId, channelKey).counts());
        return "event: " + e.type() + "\ndata: " + Http.JSON.writeValueAsString(data) + "\n\n";
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Ends every open stream. */
    @Override
    public void close() {
        closed = true;
        streams.values().forEach(set -> set.forEach(s -> s.offer(CLOSE)));
    }
}
