package io.github.knockj.examples;

import com.sun.net.httpserver.HttpExchange;
import io.github.knockj.core.InvalidTokenException;
import io.github.knockj.core.SignedTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Feed user tokens: which user a browser may read the feed of. A token is issued at sign-in and
 * sent with every feed call as {@code Authorization: Bearer <token>}; only the live stream, which
 * browsers open with {@code EventSource} (no headers), may pass it as the {@code token} query
 * parameter instead. Thread-safe.
 */
public final class FeedAuth {
    /** The purpose tokens are signed for; a token for another purpose is rejected. */
    public static final String PURPOSE = "feed";
    /** How long a token is valid, unless configured otherwise. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private final SignedTokens tokens;
    private final Duration ttl;

    /**
     * @param secret the signing secret, at least {@value SignedTokens#MIN_SECRET_BYTES} bytes
     * @param clock times issue and expiry
     * @param ttl how long tokens stay valid
     */
    public FeedAuth(byte[] secret, Clock clock, Duration ttl) {
        this.tokens = SignedTokens.create(secret, clock);
        this.ttl = ttl;
    }

    /**
     * A new token letting its holder read and mark {@code userId}'s feed.
     *
     * @param userId the feed's owner
     * @return the signed token
     */
    public String issue(String userId) {
        return tokens.issue(PURPOSE, userId, ttl);
    }

    /**
     * How long issued tokens are valid.
     *
     * @return the token lifetime
     */
    public Duration ttl() {
        return ttl;
    }

    /**
     * The user a request is signed in as: from the bearer token, or (if {@code allowQueryToken})
     * from the {@code token} query parameter. Empty when the token is missing, malformed, forged,
     * for another purpose or expired.
     *
     * @param exchange the request
     * @param allowQueryToken whether a {@code token} query parameter counts (for EventSource, which cannot
     *     send headers)
     * @return the user id, or empty
     */
    public Optional<String> userOf(HttpExchange exchange, boolean allowQueryToken) {
        String token = null;
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).trim();
        } else if (allowQueryToken) {
            token = Http.queryParam(exchange, "token");
        }
        if (token == null || token.isEmpty()) return Optional.empty();
        try {
            return Optional.of(tokens.verify(PURPOSE, token));
        } catch (InvalidTokenException e) {
            return Optional.empty();
        }
    }
}
