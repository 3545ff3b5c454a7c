package io.github.knockj.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.User;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo-only endpoints under {@code /api/demo}: pick a user to sign in as, and buttons that trigger
 * the workflows so the inbox has something to show. A real application signs users in its own way
 * and issues the feed token ({@link FeedAuth#issue}) to its already authenticated user.
 *
 * <ul>
 *   <li>{@code GET /api/demo/users} — the demo users
 *   <li>{@code POST /api/demo/sign-in} {@code {"userId":"ada"}} — a feed token for that user
 *   <li>{@code POST /api/demo/comment} {@code {"actorId":"bob","text":"…","postId":"launch-plan"}} — a teammate comments (token required)
 *   <li>{@code POST /api/demo/mention} {@code {"actorId":"bob"}} — a teammate mentions you (token required)
 *   <li>{@code POST /api/demo/security-alert} — a new sign-in alert for you (token required)
 * </ul>
 */
public final class DemoApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(DemoApi.class);
    private static final int MAX_TEXT = 500;

    private final Notifier notifier;
    private final FeedAuth auth;

    /**
     * Demo endpoints triggering workflows on {@code notifier} and signing in with {@code auth}.
     *
     * @param notifier the demo's Notifier
     * @param auth issues the tokens of the sign-in endpoint
     */
    public DemoApi(Notifier notifier, FeedAuth auth) {
        this.notifier = notifier;
        this.auth = auth;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        try {
            switch (path) {
                case "/api/demo/users" -> {
                    Http.requireMethod(ex, "GET");
                    Http.json(ex, 200, DemoData.USERS.stream().map(u -> Map.of("id", u.id(), "name", u.name().orElse(u.id()))).toList());
                }
                case "/api/demo/sign-in" -> {
                    Http.requireMethod(ex, "POST");
                    String userId = demoUser(Http.text(Http.body(ex), "userId"));
                    log.info("{} signed in to the demo", userId);
                    Http.json(ex, 200, Map.of("token", auth.issue(userId), "userId", userId, "name", DemoData.nameOf(userId),
                            "expiresInSeconds", auth.ttl().toSeconds()));
                }
                case "/api/demo/comment", "/api/demo/mention", "/api/demo/security-alert" -> {
                    Http.requireMethod(ex, "POST");
                    Optional<String> me = auth.userOf(ex, false);
                    if (me.isEmpty()) throw new Http.Status(401, "a valid feed token is required; sign in first");
                    trigger(path, me.get(), Http.body(ex));
                    Http.json(ex, 202, Map.of("triggered", path.substring("/api/demo/".length())));
                }
                default -> Http.error(ex, 404, "no such endpoint");
            }
        } catch (Http.Status s) {
            Http.error(ex, s.code, s.getMessage());
        }
    }

    private void trigger(String path, String me, JsonNode body) {
        switch (path) {
            case "/api/demo/comment" -> {
                String actor = body.hasNonNull("actorId") ? demoUser(Http.text(body, "actorId")) : me;
                String text = Http.text(body, "text");
                if (text.length() > MAX_TEXT) throw new Http.Status(400, "text must be at most " + MAX_TEXT + " characters");
                String post = body.hasNonNull("postId") ? Http.text(body, "postId") : DemoData.LAUNCH_PLAN.id();
                if (!List.of(DemoData.LAUNCH_PLAN.id(), DemoData.ROADMAP.id()).contains(post)) throw new Http.Status(400, "unknown post");
                log.info("{} comments on {}: {}", actor, post, text);
                DemoData.comment(notifier, actor, post, text);
            }
            case "/api/demo/mention" -> {
                String actor = demoUser(Http.text(body, "actorId"));
                log.info("{} mentions {}", actor, me);
                DemoData.mention(notifier, actor, me, "@" + me + " could you take a look at this?");
            }
            default -> {
                log.info("New sign-in alert for {}", me);
                DemoData.securityAlert(notifier, me, "Chrome on macOS", "Reykjavík");
            }
        }
    }

    private static String demoUser(String id) {
        if (!DemoData.isDemoUser(id)) throw new Http.Status(400, "unknown demo user '" + id + "'; known: "
                + DemoData.USERS.stream().map(User::id).toList());
        return id;
    }
}
