package io.github.knockj.channels;

import io.github.knockj.core.WebhookSignature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.knockj.channels.internal.ChannelData;
import io.github.knockj.channels.internal.Check;
import io.github.knockj.channels.internal.HttpTransport;
import io.github.knockj.channels.internal.Json;
import io.github.knockj.channels.internal.Safely;
import io.github.knockj.channels.internal.Text;
import io.github.knockj.channels.internal.Urls;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Message;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delivers messages as signed JSON POSTs to an HTTP endpoint ({@link ChannelType#HTTP}).
 *
 * <p><b>Where to:</b> the recipient's channel data {@code url} (or {@code webhook_url}), else the
 * builder's {@link Builder#defaultUrl default URL}.
 *
 * <p><b>Content fields:</b> {@code body}, a JSON text sent exactly as rendered. Without it the provider
 * sends a JSON object describing the message: {@code id}, {@code workflow}, {@code step},
 * {@code channel}, {@code recipient} ({@code id}, and {@code collection} for an object),
 * {@code tenant}, {@code actor}, {@code content} (all rendered fields), {@code data} (the trigger
 * data) and {@code created_at}.
 *
 * <p><b>Headers:</b> {@code Content-Type: application/json}, {@code Idempotency-Key} (the same on
 * every attempt of a message), the builder's extra headers and the
 * <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> headers described in
 * {@link WebhookSignature}: {@value WebhookSignature#ID_HEADER} (equal to {@code Idempotency-Key}),
 * {@value WebhookSignature#TIMESTAMP_HEADER} (this attempt, Unix seconds) and, when a signing secret is
 * set, {@value WebhookSignature#SIGNATURE_HEADER}.
 *
 * <p><b>Results:</b> 2xx is {@linkplain DeliveryResult.Kind#DELIVERED delivered} (the endpoint is the
 * recipient); 408, 429 (honouring {@code Retry-After}), 5xx, connection failures and timeouts are
 * retryable; other statuses, a missing or malformed URL and a {@code body} that is not JSON are
 * permanent.
 */
public final class WebhookProvider implements ChannelProvider {
    /** The name used in logs and message history if unset: {@value}. */
    public static final String DEFAULT_NAME = "webhook";
    /** How long to wait for a TCP connection if unset: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for the whole response if unset: 10 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final URI defaultUrl;
    private final String signingSecret;
    private final Map<String, String> headers;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Clock clock;
    private final HttpTransport http;

    private WebhookProvider(Builder b) {
        this.name = b.name;
        this.defaultUrl = b.defaultUrl;
        this.signingSecret = b.signingSecret;
        this.headers = Map.copyOf(b.headers);
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.clock = b.clock;
        this.http = new HttpTransport(connectTimeout, requestTimeout, clock);
    }

    /**
     * A builder with every setting at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChannelType type() {
        return ChannelType.HTTP;
    }

    @Override
    public String name() {
        return name;
    }

    /** True if the channel data has a {@code url} or {@code webhook_url}, or a default URL is set. */
    @Override
    public boolean canReach(OutboundMessage.RecipientInfo recipient, String channelKey) {
        return defaultUrl != null || urlIn(recipient.channelData()) != null;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        return Safely.send(name, message, this::deliver, signingSecret);
    }

    private DeliveryResult deliver(OutboundMessage message) {
        String configured = urlIn(message.recipient().channelData());
        URI url = configured == null ? defaultUrl : Urls.parse(configured);
        if (url == null && configured == null) {
            return DeliveryResult.permanent("no webhook URL: channel data has no 'url' and no default URL is set");
        }
        if (!Urls.isHttp(url)) return DeliveryResult.permanent("channel data 'url' is not an absolute http(s) URL");

        String body = message.content("body");
        if (body != null) {
            try {
                Json.parse(body);
            } catch (JsonProcessingException e) {
                return DeliveryResult.permanent("rendered 'body' is not JSON: " + Text.truncate(e.getOriginalMessage(), 200));
            }
        } else {
            try {
                body = Json.write(describe(message.message()));
            } catch (IllegalArgumentException e) {
                return DeliveryResult.permanent("cannot write the message as JSON: " + Text.describe(e));
            }
        }

        HttpRequest.Builder request = http.request(url)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        String id = message.idempotencyKey() != null ? message.idempotencyKey() : message.message().id();
        request.header("Idempotency-Key", id);
        headers.forEach(request::header);
        // Standard Webhooks: webhook-id is the same on every attempt, the timestamp is this attempt's
        Instant now = clock.instant();
        if (signingSecret != null) {
            WebhookSignature.headers(signingSecret, id, now, body).forEach(request::header);
        } else {
            request.header(WebhookSignature.ID_HEADER, id);
            request.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()));
        }
        DeliveryResult failure = http.classify(http.send(request.build()), "webhook");
        return failure != null ? failure : DeliveryResult.delivered(null);
    }

    private static String urlIn(Map<String, Object> channelData) {
        String url = ChannelData.string(channelData, "url");
        return url != null ? url : ChannelData.string(channelData, "webhook_url");
    }

    /** The default body: the message as a JSON object. */
    static ObjectNode describe(Message m) {
        ObjectNode o = Json.object();
        o.put("id", m.id());
        o.put("workflow", m.workflowKey());
        o.put("step", m.stepRef());
        o.put("channel", m.channelKey());
        ObjectNode recipient = o.putObject("recipient");
        recipient.put("id", m.recipient().id());
        if (!m.recipient().isUser()) recipient.put("collection", m.recipient().collection());
        o.put("tenant", m.tenant());
        o.put("actor", m.actorId());
        o.set("content", Json.tree(new LinkedHashMap<>(m.content())));
        o.set("data", Json.tree(m.data() == null ? Map.of() : m.data()));
        o.put("created_at", m.createdAt() == null ? null : m.createdAt().toString());
        return o;
    }

    /** Settings without secrets or URLs (they may carry tokens). */
    @Override
    public String toString() {
        return "WebhookProvider[name=" + name + ", defaultUrl=" + (defaultUrl == null ? "none" : Urls.origin(defaultUrl) + "/…")
                + ", signed=" + (signingSecret != null) + ", headers=" + headers.keySet()
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }

    /** Builds a {@link WebhookProvider}; not thread-safe, reusable. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private URI defaultUrl;
        private String signingSecret;
        private final Map<String, String> headers = new LinkedHashMap<>();
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
         * Where to POST when the recipient's channel data has no {@code url}; if unset, such
         * recipients cannot be reached.
         *
         * @param url an absolute http(s) URL
         * @return this builder
         * @throws IllegalArgumentException if not an absolute http(s) URL
         */
        public Builder defaultUrl(String url) {
            this.defaultUrl = Check.httpUrl("defaultUrl", url);
            return this;
        }

        /**
         * The secret that signs requests ({@link WebhookSignature}); if unset, requests carry no
         * {@value WebhookSignature#SIGNATURE_HEADER}. Give receivers using a Standard Webhooks library
         * the {@code whsec_} form ({@link WebhookSignature#standardSecret(String)}).
         *
         * @param secret {@code whsec_<base64>} (the key is the decoded bytes), or a raw string (the key is its UTF-8 bytes)
         * @return this builder
         * @throws IllegalArgumentException if blank, or {@code whsec_} followed by anything but base64 key bytes
         */
        public Builder signingSecret(String secret) {
            Check.notBlank("signingSecret", secret);
            try {
                WebhookSignature.standardSecret(secret);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("signingSecret: " + e.getMessage());
            }
            this.signingSecret = secret;
            return this;
        }

        /**
         * A header to send on every request, such as an API key the endpoint expects; none if unset.
         *
         * @param name the header name
         * @param value the header value
         * @return this builder
         * @throws IllegalArgumentException if the name or value is blank, the name is one of the Standard
         *         Webhooks headers the provider sets, or the JDK client forbids the header
         */
        public Builder header(String name, String value) {
            Check.notBlank("header name", name);
            for (String own : new String[] {WebhookSignature.ID_HEADER, WebhookSignature.TIMESTAMP_HEADER, WebhookSignature.SIGNATURE_HEADER}) {
                if (own.equalsIgnoreCase(name.strip())) throw new IllegalArgumentException("header " + name + " is set by the provider");
            }
            Check.notNull("header " + name, value);
            try {
                HttpRequest.newBuilder().header(name, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("header " + name + " cannot be set: " + e.getMessage());
            }
            headers.put(name, value);
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
         * How long to wait for the response after sending; {@link #DEFAULT_REQUEST_TIMEOUT} if unset.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Check.positive("requestTimeout", timeout);
            return this;
        }

        /**
         * The clock for {@value WebhookSignature#TIMESTAMP_HEADER} and {@code Retry-After} dates; the system UTC clock if unset.
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
         */
        public WebhookProvider build() {
            return new WebhookProvider(this);
        }
    }
}
