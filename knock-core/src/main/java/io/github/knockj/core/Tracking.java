package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Engagement tracking for email: signed click-tracking links and an open pixel, and a handler that
 * an application mounts under {@code baseUrl} in any web framework. When configured on the
 * Notifier ({@code Notifier.Builder#tracking}), every {@code http(s)} link in an email's {@code html}
 * content is wrapped and an open pixel appended. A click records {@link Engagement#LINK_CLICKED}
 * and redirects to the original URL; an open records {@link Engagement#READ}. Tokens are
 * HMAC-signed and expiring: a forged or tampered token is rejected.
 *
 * <pre>{@code
 * // in a servlet, Javalin handler, Spring controller…, for GET {baseUrl}/{rest}
 * Tracking.Response r = notifier.tracking().handle(rest);   // throws InvalidTokenException → 404
 * if (r.redirectTo() != null) redirect(r.redirectTo()); else respond(200, "image/gif", Tracking.PIXEL);
 * }</pre>
 */
public final class Tracking {
    /** How long tracking links work, if unset: a year. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(365);
    /** A transparent 1x1 GIF. */
    public static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final Pattern HREF = Pattern.compile("href=\"(https?://[^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** What the handler answers: a redirect for clicks, the pixel for opens. */
    public record Response(String redirectTo, String messageId) {
        /** {@return true for an open, to be answered with {@link #PIXEL}; false for a click, to be redirected} */
        public boolean isPixel() {
            return redirectTo == null;
        }
    }

    private final String baseUrl;
    private final SignedTokens tokens;
    private final Duration ttl;
    private volatile Messages messages;

    private Tracking(String baseUrl, SignedTokens tokens, Duration ttl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.tokens = tokens;
        this.ttl = ttl;
    }

    /**
     * Tracking under {@code baseUrl} (an absolute https URL your application serves), signed with {@code
     * tokens}.
     *
     * @param baseUrl the absolute http(s) URL the handler is mounted at; a trailing slash is dropped
     * @param tokens signs and verifies the links' tokens
     * @return the tracking, with links valid for {@link #DEFAULT_TTL}
     * @throws IllegalArgumentException if the base URL is not absolute http(s)
     */
    public static Tracking at(String baseUrl, SignedTokens tokens) {
        Validate.notNull("baseUrl", baseUrl);
        if (!baseUrl.startsWith("https://") && !baseUrl.startsWith("http://")) {
            throw new IllegalArgumentException("tracking base URL must be absolute http(s), was " + baseUrl);
        }
        return new Tracking(baseUrl, Validate.notNull("tokens", tokens), DEFAULT_TTL);
    }

    /**
     * This tracking with links that expire after {@code ttl}. If unset, {@link #DEFAULT_TTL}.
     *
     * @param ttl how long a link works after the email is sent
     * @return a new tracking; this one is unchanged
     */
    public Tracking withTtl(Duration ttl) {
        return new Tracking(baseUrl, tokens, ttl);
    }

    void bind(Messages m) {
        this.messages = m;
    }

    /**
     * A link that records a click on message {@code messageId} and redirects to {@code target}.
     *
     * @param messageId the message the link is in
     * @param target the URL to redirect to
     * @return the signed tracking link
     */
    public String clickUrl(String messageId, String target) {
        String subject = messageId + " " + B64.encodeToString(target.getBytes(StandardCharsets.UTF_8));
        return baseUrl + "/c/" + tokens.issue("click", subject, ttl);
    }

    /**
     * An image URL that records that message {@code messageId} was opened.
     *
     * @param messageId the message the pixel is in
     * @return the signed pixel URL
     */
    public String openUrl(String messageId) {
        return baseUrl + "/o/" + tokens.issue("open", messageId, ttl);
    }

    /**
     * Handles a request for {@code path} below the base URL ({@code c/<token>} or {@code o/<token>}):
     * records the engagement and says what to answer.
     *
     * @param path the request path below the base URL, with or without a leading slash
     * @return the redirect target for a click, or a pixel answer for an open
     * @throws InvalidTokenException for an unknown path or a forged, tampered or expired token
     * @throws NotFoundException if the message no longer exists
     */
    public Response handle(String path) {
        String p = path == null ? "" : path.startsWith("/") ? path.substring(1) : path;
        if (p.startsWith("c/")) {
            String subject = tokens.verify("click", p.substring(2));
            int space = subject.indexOf(' ');
            if (space < 0) throw new InvalidTokenException("token is malformed");
            String messageId = subject.substring(0, space);
            String target;
            try {
                target = new String(B64D.decode(subject.substring(space + 1)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidTokenException("token is malformed");
            }
            messages.record(messageId, Engagement.LINK_CLICKED);
            return new Response(target, messageId);
        }
        if (p.startsWith("o/")) {
            String messageId = tokens.verify("open", p.substring(2));
            messages.record(messageId, Engagement.READ);
            return new Response(null, messageId);
        }
        throw new InvalidTokenException("not a tracking path: " + path);
    }

    /**
     * {@code html} with every http(s) link wrapped and an open pixel appended.
     *
     * @param messageId the message being sent
     * @param html the rendered html content
     * @return the instrumented html; the pixel goes before {@code </body>} if there is one, else at the end
     */
    public String instrument(String messageId, String html) {
        Matcher m = HREF.matcher(html);
        StringBuilder out = new StringBuilder(html.length() + 256);
        while (m.find()) {
            String target = unescape(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement("href=\"" + clickUrl(messageId, target) + "\""));
        }
        m.appendTail(out);
        String pixel = "<img src=\"" + openUrl(messageId) + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">";
        int body = out.lastIndexOf("</body>");
        if (body >= 0) out.insert(body, pixel); else out.append(pixel);
        return out.toString();
    }

    private static String unescape(String s) {
        return s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }

    @Override
    public String toString() {
        return "Tracking[" + baseUrl + "]";
    }
}
