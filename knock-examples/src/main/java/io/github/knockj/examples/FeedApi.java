package io.github.knockj.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.knockj.core.Feed;
import io.github.knockj.core.FeedPage;
import io.github.knockj.core.FeedQuery;
import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.Message;
import io.github.knockj.core.NotFoundException;
import io.github.knockj.core.Notifier;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in user's feed over HTTP, under {@code /api/feed}. Every call needs a feed token
 * ({@link FeedAuth}); without a valid one the answer is 401. Each call works on the feed of the
 * token's user only, so a message id of another user's feed is simply not found (404).
 *
 * <ul>
 *   <li>{@code GET /api/feed?pageSize=10&after=<cursor>&status=unread} — a page, newest first, with counts and the next cursor
 *   <li>{@code GET /api/feed/counts} — badge counts
 *   <li>{@code POST /api/feed/messages/<id>/(read|unread|seen|archive|unarchive)}
 *   <li>{@code POST /api/feed/read-all}, {@code POST /api/feed/seen-all}
 *   <li>{@code GET /api/feed/stream?token=<token>} — live updates as Server-Sent Events ({@link SseHub})
 * </ul>
 */
public final class FeedApi implements HttpHandler {
    /** Items per page when the request names no page size. */
    public static final int DEFAULT_PAGE_SIZE = 10;

    private final Notifier notifier;
    private final String channelKey;
    private final FeedAuth auth;
    private final SseHub hub;

    /**
     * Serves the feeds on channel {@code channelKey}, authenticated by {@code auth}, live through {@code
     * hub}.
     *
     * @param notifier the Notifier whose feeds are served
     * @param channelKey the in-app channel
     * @param auth checks the request's token
     * @param hub streams live updates
     */
    public FeedApi(Notifier notifier, String channelKey, FeedAuth auth, SseHub hub) {
        this.notifier = notifier;
        this.channelKey = channelKey;
        this.auth = auth;
        this.hub = hub;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        boolean stream = path.equals("/api/feed/stream");
        Optional<String> user = auth.userOf(ex, stream);
        if (user.isEmpty()) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"feed\"");
            Http.error(ex, 401, "a valid feed token is required; sign in first");
            return;
        }
        String userId = user.get();
        Feed feed = notifier.feed(userId, channelKey);
        try {
            if (stream) {
                Http.requireMethod(ex, "GET");
                hub.serve(ex, userId);
            } else if (path.equals("/api/feed") || path.equals("/api/feed/")) {
                Http.requireMethod(ex, "GET");
                Http.json(ex, 200, page(feed, ex));
            } else if (path.equals("/api/feed/counts")) {
                Http.requireMethod(ex, "GET");
                Http.json(ex, 200, feed.counts());
            } else if (path.equals("/api/feed/read-all") || path.equals("/api/feed/seen-all")) {
                Http.requireMethod(ex, "POST");
                int changed = path.endsWith("read-all") ? feed.markAllRead() : feed.markAllSeen();
                hub.countsChanged(userId);
                Http.json(ex, 200, Map.of("changed", changed, "counts", feed.counts()));
            } else if (path.startsWith("/api/feed/messages/")) {
                Http.requireMethod(ex, "POST");
                Http.json(ex, 200, mark(feed, path.substring("/api/feed/messages/".length())));
            } else {
                Http.error(ex, 404, "no such endpoint");
            }
        } catch (Http.Status s) {
            Http.error(ex, s.code, s.getMessage());
        } catch (NotFoundException e) {
            Http.error(ex, 404, "no such message in your feed");
        } catch (InvalidInputException e) {
            Http.error(ex, 400, e.getMessage());
        }
    }

    private Map<String, Object> page(Feed feed, HttpExchange ex) {
        FeedQuery q = feed.query().withPageSize(pageSize(Http.queryParam(ex, "pageSize")));
        String after = Http.queryParam(ex, "after");
        if (after != null && !after.isEmpty()) q = q.withAfter(after);
        if ("unread".equals(Http.queryParam(ex, "status"))) q = q.withStatus(FeedQuery.StatusFilter.UNREAD);
        FeedPage page = feed.list(q);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(FeedItems::item).toList());
        body.put("nextCursor", page.nextCursor());
        body.put("counts", feed.counts());
        return body;
    }

    private static int pageSize(String s) {
        if (s == null) return DEFAULT_PAGE_SIZE;
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new Http.Status(400, "pageSize must be a number");
        }
    }

    private Map<String, Object> mark(Feed feed, String rest) {
        int slash = rest.indexOf('/');
        if (slash <= 0) throw new Http.Status(404, "no such endpoint");
        String id = rest.substring(0, slash);
        List<Message> changed = switch (rest.substring(slash + 1)) {
            case "read" -> feed.markRead(id);
            case "unread" -> feed.markUnread(id);
            case "seen" -> feed.markSeen(id);
            case "archive" -> feed.archive(id);
            case "unarchive" -> feed.unarchive(id);
            default -> throw new Http.Status(404, "no such action");
        };
        return Map.of("changed", changed.stream().map(FeedItems::item).toList(), "counts", feed.counts());
    }
}
