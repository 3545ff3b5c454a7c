package io.github.knockj.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.knockj.channels.internal.ChannelData;
import io.github.knockj.channels.internal.Check;
import io.github.knockj.channels.internal.HttpReply;
import io.github.knockj.channels.internal.HttpTransport;
import io.github.knockj.channels.internal.Json;
import io.github.knockj.channels.internal.Outcomes;
import io.github.knockj.channels.internal.Safely;
import io.github.knockj.channels.internal.Text;
import io.github.knockj.channels.internal.Urls;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends push notifications through Firebase Cloud Messaging's HTTP v1 API ({@link ChannelType#PUSH}):
 * one POST of {@code {"message": {"token": …, "notification": {"title": …, "body": …}, "data": {…}}}}
 * to {@code {baseUrl}/v1/projects/{projectId}/messages:send} per device token, with
 * {@code Authorization: Bearer <access token>}. Getting and refreshing the OAuth 2 access token
 * (scope {@code https://www.googleapis.com/auth/firebase.messaging}) is the application's concern:
 * the builder takes a {@link Supplier} that is called once per message.
 *
 * <p><b>Recipient:</b> the channel data {@code tokens}, a list of FCM registration tokens; the
 * tokens are sent to one after the other.
 * <b>Content fields:</b> {@code title} and {@code body} (the notification; either may be absent),
 * and optional {@code data}, a JSON object whose entries become the FCM data map (string values as
 * they are, other values as their JSON text, as FCM only takes strings).
 *
 * <p><b>Results:</b> any token accepted is {@linkplain DeliveryResult.Kind#SENT sent}, with the
 * returned message {@code name} as provider message id (failures of the other tokens are noted in
 * the reason). A token FCM reports as gone (404 {@code UNREGISTERED}) or malformed (400
 * {@code INVALID_ARGUMENT} about the registration token) is invalid; when every token is, the result
 * is {@linkplain DeliveryResult.Kind#INVALID_TOKEN invalid token}, so the engine can stop using them.
 * The {@linkplain Builder#onInvalidToken invalid token listener} hears of each one, even when others
 * succeeded. 401 (an expired access token), 408, 429 (honouring {@code Retry-After}), 5xx,
 * connection failures and timeouts are retryable; other answers are permanent.
 */
public final class FcmPushProvider implements ChannelProvider {
    /** The name used in logs and message history if unset: {@value}. */
    public static final String DEFAULT_NAME = "fcm";
    /** The API's base URL if unset: {@value}. */
    public static final String DEFAULT_BASE_URL = "https://fcm.googleapis.com";
    /** How long to wait for a TCP connection if unset: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for each response if unset: 10 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(FcmPushProvider.class);

    /**
     * Hears of each token FCM reports as unregistered or invalid, so the application can remove it
     * from the recipient's channel data. Called on the sending thread; an exception it throws is
     * logged and otherwise ignored.
     */
    @FunctionalInterface
    public interface InvalidTokenListener {
        /**
         * Token {@code token} of recipient {@code recipientId} on channel {@code channelKey} is invalid.
         *
         * @param recipientId the recipient whose token it is
         * @param channelKey the channel the message went out on
         * @param token the invalid registration token
         */
        void onInvalidToken(String recipientId, String channelKey, String token);

        /** A listener that does nothing: the default. */
        InvalidTokenListener NONE = (recipientId, channelKey, token) -> {};
    }

    private final String name;
    private final URI baseUrl;
    private final String projectId;
    private final Supplier<String> accessToken;
    private final InvalidTokenListener invalidTokenListener;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final URI endpoint;
    private final HttpTransport http;

    private FcmPushProvider(Builder b) {
        this.name = b.name;
        this.baseUrl = b.baseUrl;
        this.projectId = b.projectId;
        this.accessToken = b.accessToken;
        this.invalidTokenListener = b.invalidTokenListener;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.endpoint = Urls.resolve(baseUrl, "/v1/projects/" + URLEncoder.encode(projectId, StandardCharsets.UTF_8) + "/messages:send");
        this.http = new HttpTransport(connectTimeout, requestTimeout, b.clock);
    }

    /**
     * A builder with every setting at its default; project id and access token supplier are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChannelType type() {
        return ChannelType.PUSH;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        return Safely.send(name, message, this::deliver);
    }

    private DeliveryResult deliver(OutboundMessage message) {
        List<String> tokens = ChannelData.strings(message.recipient().channelData(), "tokens");
        if (tokens.isEmpty()) return DeliveryResult.permanent("recipient has no push tokens in channel data 'tokens'");
        String title = message.content("title");
        String body = message.content("body");
        ObjectNode data;
        try {
            data = dataMap(message.content("data"));
        } catch (IllegalArgumentException e) {
            return DeliveryResult.permanent(e.getMessage());
        }
        if (title == null && body == null && data == null) {
            return DeliveryResult.permanent("nothing to send: none of 'title', 'body' and 'data' was rendered");
        }
        String bearer;
        try {
            bearer = accessToken.get();
        } catch (RuntimeException e) {
            log.warn("{}: the access token supplier threw", name, e);
            return DeliveryResult.retryable("the access token supplier threw " + e.getClass().getSimpleName(), null);
        }
        if (bearer == null || bearer.isBlank()) return DeliveryResult.retryable("the access token supplier returned no token", null);

        List<DeliveryResult> results = new ArrayList<>(tokens.size());
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String what = tokens.size() == 1 ? "FCM" : "FCM (token " + (i + 1) + " of " + tokens.size() + ")";
            DeliveryResult r = sendOne(tokens.get(i), title, body, data, bearer, what);
            if (r.kind() == DeliveryResult.Kind.INVALID_TOKEN) {
                invalid.add(tokens.get(i));
                notifyInvalid(message, tokens.get(i));
            }
            results.add(r);
        }
        // the engine removes these from the recipient's channel data when deregistration is on
        return Outcomes.combine(results).withInvalidTokens(invalid);
    }

    private DeliveryResult sendOne(String token, String title, String body, ObjectNode data, String bearer, String what) {
        ObjectNode root = Json.object();
        ObjectNode msg = root.putObject("message");
        msg.put("token", token);
        if (title != null || body != null) {
            ObjectNode notification = msg.putObject("notification");
            if (title != null) notification.put("title", title);
            if (body != null) notification.put("body", body);
        }
        if (data != null) msg.set("data", data);
        HttpRequest request = http.request(endpoint)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(root)))
                .build();
        HttpReply reply = http.send(request);
        if (reply.isSuccess()) {
            JsonNode json = Json.parseOrNull(reply.body());
            return DeliveryResult.sent(json == null ? null : json.path("name").textValue()); // null unless a JSON string
        }
        if (reply.transportFailure() == null) {
            FcmError error = FcmError.of(reply);
            if (error.isInvalidToken()) return DeliveryResult.invalidToken(what + ": token is " + error.code() + ": " + error.message());
            if (reply.status() == 401) return DeliveryResult.retryable(what + " rejected the access token (HTTP 401): " + error.message(), null);
        }
        return http.classify(reply, what);
    }

    private void notifyInvalid(OutboundMessage message, String token) {
        try {
            invalidTokenListener.onInvalidToken(message.recipient().id(), message.message().channelKey(), token);
        } catch (RuntimeException e) {
            log.warn("{}: the invalid token listener threw", name, e);
        }
    }

    /** The FCM data map from rendered {@code data}, or null if absent; throws IllegalArgumentException with a reason. */
    static ObjectNode dataMap(String rendered) {
        if (rendered == null || rendered.isBlank()) return null;
        JsonNode parsed;
        try {
            parsed = Json.parse(rendered);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("rendered 'data' is not JSON: " + Text.truncate(e.getOriginalMessage(), 200));
        }
        if (!parsed.isObject()) throw new IllegalArgumentException("rendered 'data' is not a JSON object");
        ObjectNode out = Json.object();
        for (Map.Entry<String, JsonNode> e : parsed.properties()) {
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            out.put(e.getKey(), v.isTextual() ? v.asText() : Json.write(v));
        }
        return out;
    }

    /** The parts of an FCM error body that matter: {@code error.status}, the FcmError code, the message. */
    private record FcmError(int httpStatus, String status, String errorCode, String message) {
        static FcmError of(HttpReply reply) {
            JsonNode error = Json.parseOrNull(reply.body());
            error = error == null ? null : error.path("error");
            String status = error == null ? "" : error.path("status").asText("");
            String message = error == null ? Text.truncate(reply.body(), Text.MAX_QUOTED_BODY)
                    : Text.truncate(error.path("message").asText(""), Text.MAX_QUOTED_BODY);
            String errorCode = "";
            if (error != null) {
                for (JsonNode detail : error.path("details")) {
                    if (detail.hasNonNull("errorCode")) errorCode = detail.get("errorCode").asText();
                }
            }
            return new FcmError(reply.status(), status, errorCode, message);
        }

        boolean isInvalidToken() {
            if (httpStatus == 404) return errorCode.equals("UNREGISTERED") || status.equals("NOT_FOUND");
            if (httpStatus == 400 && (status.equals("INVALID_ARGUMENT") || errorCode.equals("INVALID_ARGUMENT"))) {
                // INVALID_ARGUMENT also covers bad payloads: only a complaint about the token counts
                return message.toLowerCase(Locale.ROOT).contains("registration token");
            }
            return false;
        }

        String code() {
            return !errorCode.isEmpty() ? errorCode : !status.isEmpty() ? status : "HTTP " + httpStatus;
        }
    }

    /** Settings without the access token. */
    @Override
    public String toString() {
        return "FcmPushProvider[name=" + name + ", baseUrl=" + Urls.origin(baseUrl) + ", projectId=" + projectId
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }

    /** Builds an {@link FcmPushProvider}; not thread-safe, reusable. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private URI baseUrl = URI.create(DEFAULT_BASE_URL);
        private String projectId;
        private Supplier<String> accessToken;
        private InvalidTokenListener invalidTokenListener = InvalidTokenListener.NONE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * The name in logs and message history; {@value #DEFAULT_NAME} if unset.
         *
         * @param name the name, not blank
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Check.notBlank("name", name);
            return this;
        }

        /**
         * The API's base URL; {@value #DEFAULT_BASE_URL} if unset (set it for a test server).
         *
         * @param url an absolute http(s) URL
         * @return this builder
         * @throws IllegalArgumentException if not an absolute http(s) URL
         */
        public Builder baseUrl(String url) {
            this.baseUrl = Check.httpUrl("baseUrl", url);
            return this;
        }

        /**
         * The Firebase project id. Required.
         *
         * @param projectId the project id
         * @return this builder
         */
        public Builder projectId(String projectId) {
            this.projectId = Check.notBlank("projectId", projectId);
            return this;
        }

        /**
         * Supplies a current OAuth 2 access token; called once per message, from several threads at
         * once, so it should cache and refresh the token itself (as Google's {@code GoogleCredentials}
         * does). If it throws or returns null, the attempt is retryable. Required.
         *
         * @param supplier the token supplier
         * @return this builder
         */
        public Builder accessToken(Supplier<String> supplier) {
            this.accessToken = Check.notNull("accessToken", supplier);
            return this;
        }

        /**
         * Hears of each invalid token, to remove it; {@link InvalidTokenListener#NONE} if unset.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder onInvalidToken(InvalidTokenListener listener) {
            this.invalidTokenListener = Check.notNull("onInvalidToken", listener);
            return this;
        }

        /**
         * How long to wait for a TCP connection; {@link #DEFAULT_CONNECT_TIMEOUT} if unset.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Check.positive("connectTimeout", timeout);
            return this;
        }

        /**
         * How long to wait for each response after sending; {@link #DEFAULT_REQUEST_TIMEOUT} if unset.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Check.positive("requestTimeout", timeout);
            return this;
        }

        /**
         * The clock for {@code Retry-After} dates; the system UTC clock if unset.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Check.notNull("clock", clock);
            return this;
        }

        /**
         * A provider with these settings.
         *
         * @return the provider
         * @throws IllegalArgumentException if the project id or access token supplier is missing
         */
        public FcmPushProvider build() {
            Check.notNull("projectId", projectId);
            Check.notNull("accessToken", accessToken);
            return new FcmPushProvider(this);
        }
    }
}
