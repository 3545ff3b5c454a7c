package io.github.knockj.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.knockj.channels.internal.ChannelData;
import io.github.knockj.channels.internal.Check;
import io.github.knockj.channels.internal.HttpTransport;
import io.github.knockj.channels.internal.Json;
import io.github.knockj.channels.internal.Outcomes;
import io.github.knockj.channels.internal.Safely;
import io.github.knockj.channels.internal.Text;
import io.github.knockj.channels.internal.Urls;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Template;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Posts messages to Slack-compatible incoming webhooks ({@link ChannelType#CHAT}); Mattermost and
 * Rocket.Chat accept the same payload.
 *
 * <p><b>Where to:</b> every webhook URL in the recipient's channel data: {@code url},
 * {@code webhook_url}, and the {@code incoming_webhook.url} of each entry of Knock-style
 * {@code connections} ({@code [{"incoming_webhook": {"url": "https://hooks.slack.com/…"}}]});
 * duplicates are posted once. If there are none, the builder's {@link Builder#defaultUrl default
 * URL}.
 *
 * <p><b>Content fields:</b> {@code text} (Slack mrkdwn, its template's outputs escaped as mrkdwn
 * by {@link #escaping}; shown as is, and as the notification
 * fallback when blocks are given) and optional {@code blocks}, a JSON array of Block Kit blocks. The
 * payload is {@code {"text": …}}, plus {@code "blocks": […]} only when {@code blocks} was rendered;
 * no blocks are made up from the text (Slack renders {@code text} as mrkdwn already).
 *
 * <p><b>Results:</b> all webhooks 2xx is {@linkplain DeliveryResult.Kind#DELIVERED delivered}. With
 * several webhooks, any success is a success (the reason notes the others' failures) so that a retry
 * never posts twice; with none, the failures are combined: retryable if any was (408, 429, 5xx,
 * connection failure, timeout), else permanent (Slack answers 400 {@code invalid_payload}, 403, 404
 * {@code no_service} or 410 {@code channel_is_archived}). Webhook URLs are secrets and never
 * appear in reasons, logs or {@code toString}.
 */
public final class SlackProvider implements ChannelProvider {
    /** The name used in logs and message history if unset: {@value}. */
    public static final String DEFAULT_NAME = "slack";
    /** How long to wait for a TCP connection if unset: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for the whole response if unset: 10 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final URI defaultUrl;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final HttpTransport http;

    private SlackProvider(Builder b) {
        this.name = b.name;
        this.defaultUrl = b.defaultUrl;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.http = new HttpTransport(connectTimeout, requestTimeout, b.clock);
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
        return ChannelType.CHAT;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * How template outputs are escaped for Slack: {@code text} as mrkdwn ({@code & < >} become
     * entities, so no data can form a link, mention or {@code <!channel>}); {@code blocks} as
     * mrkdwn inside a JSON string; any other field not at all.
     */
    @Override
    public Template.Escaping escaping(String field) {
        return switch (field) {
            case "text" -> Template.Escaping.SLACK_MRKDWN;
            case "blocks" -> Template.Escaping.SLACK_BLOCKS;
            default -> Template.Escaping.NONE;
        };
    }

    /** True if the channel data names a webhook or a default URL is set. */
    @Override
    public boolean canReach(OutboundMessage.RecipientInfo recipient, String channelKey) {
        return defaultUrl != null || !webhooks(recipient.channelData()).isEmpty();
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        return Safely.send(name, message, this::deliver);
    }

    private DeliveryResult deliver(OutboundMessage message) {
        List<String> configured = webhooks(message.recipient().channelData());
        List<URI> targets = new ArrayList<>();
        for (String url : configured) {
            URI uri = Urls.parse(url);
            if (!Urls.isHttp(uri)) return DeliveryResult.permanent("a webhook URL in the channel data is not an absolute http(s) URL");
            targets.add(uri);
        }
        if (targets.isEmpty() && defaultUrl != null) targets.add(defaultUrl);
        if (targets.isEmpty()) return DeliveryResult.permanent("no webhook URL in the channel data and no default URL is set");

        String payload;
        try {
            payload = payload(message.content("text"), message.content("blocks"));
        } catch (IllegalArgumentException e) {
            return DeliveryResult.permanent(e.getMessage());
        }

        List<DeliveryResult> results = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            HttpRequest request = http.request(targets.get(i))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(payload))
                    .build();
            String what = targets.size() == 1 ? "webhook" : "webhook " + (i + 1) + " of " + targets.size();
            DeliveryResult failure = http.classify(http.send(request), what);
            results.add(failure != null ? failure : DeliveryResult.delivered(null));
        }
        return Outcomes.combine(results);
    }

    /** The JSON payload; throws IllegalArgumentException (with a reason) for content that cannot be sent. */
    static String payload(String text, String blocks) {
        if ((text == null || text.isBlank()) && blocks == null) {
            throw new IllegalArgumentException("nothing to post: neither 'text' nor 'blocks' was rendered");
        }
        ObjectNode body = Json.object();
        if (text != null) body.put("text", text);
        if (blocks != null) {
            JsonNode parsed;
            try {
                parsed = Json.parse(blocks);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("rendered 'blocks' is not JSON: " + Text.truncate(e.getOriginalMessage(), 200));
            }
            if (!parsed.isArray()) throw new IllegalArgumentException("rendered 'blocks' is not a JSON array");
            body.set("blocks", parsed);
        }
        return Json.write(body);
    }

    /** Every webhook URL in {@code channelData}, in order, without duplicates. */
    static List<String> webhooks(Map<String, Object> channelData) {
        List<String> urls = new ArrayList<>();
        addUnique(urls, ChannelData.string(channelData, "url"));
        addUnique(urls, ChannelData.string(channelData, "webhook_url"));
        if (channelData != null && channelData.get("connections") instanceof Collection<?> connections) {
            for (Object c : connections) {
                if (c instanceof Map<?, ?> connection && connection.get("incoming_webhook") instanceof Map<?, ?> hook
                        && hook.get("url") instanceof String url && !url.isBlank()) {
                    addUnique(urls, url.strip());
                }
            }
        }
        return urls;
    }

    private static void addUnique(List<String> urls, String url) {
        if (url != null && !urls.contains(url)) urls.add(url);
    }

    /** Settings without webhook URLs (they are secrets). */
    @Override
    public String toString() {
        return "SlackProvider[name=" + name + ", defaultUrl=" + (defaultUrl == null ? "none" : "set")
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }

    /** Builds a {@link SlackProvider}; not thread-safe, reusable. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private URI defaultUrl;
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
         * The incoming webhook to post to when the recipient's channel data names none (one team
         * channel for every message); if unset, such recipients cannot be reached.
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
         */
        public SlackProvider build() {
            return new SlackProvider(this);
        }
    }
}
