package io.github.knockj.channels;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.knockj.channels.internal.Check;
import io.github.knockj.channels.internal.HttpReply;
import io.github.knockj.channels.internal.HttpTransport;
import io.github.knockj.channels.internal.Json;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Sends SMS through Twilio's Messages API, or any API compatible with it ({@link ChannelType#SMS}):
 * a form-encoded POST of {@code To}, {@code From} (or {@code MessagingServiceSid}) and {@code Body}
 * to {@code {baseUrl}/2010-04-01/Accounts/{accountSid}/Messages.json} with HTTP Basic auth
 * {@code accountSid:authToken}.
 *
 * <p><b>Recipient:</b> the recipient field {@code phone_number} (E.164, such as {@code +15551234567}).
 * <b>Content fields:</b> {@code text}, the message body.
 *
 * <p><b>Results:</b> 2xx is {@linkplain DeliveryResult.Kind#SENT sent} with the returned {@code sid}
 * as provider message id (Twilio has queued the message; delivery is reported later by its status
 * callback). Twilio error codes for an unusable recipient ({@code 21211} invalid To number,
 * {@code 21610} unsubscribed, {@code 21614} not a mobile number) and other 4xx answers are permanent,
 * with Twilio's code and message in the reason; 408, 429 (honouring {@code Retry-After}), 5xx,
 * connection failures and timeouts are retryable. Twilio's Messages API takes no idempotency key,
 * so a retry after a timeout may send a second SMS.
 */
public final class TwilioSmsProvider implements ChannelProvider {
    /** The name used in logs and message history if unset: {@value}. */
    public static final String DEFAULT_NAME = "twilio";
    /** The API's base URL if unset: {@value}. */
    public static final String DEFAULT_BASE_URL = "https://api.twilio.com";
    /** How long to wait for a TCP connection if unset: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for the whole response if unset: 15 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** Twilio error codes meaning the recipient cannot get SMS from us. */
    private static final Map<Integer, String> RECIPIENT_ERRORS = Map.of(
            21211, "invalid To number",
            21610, "recipient has unsubscribed",
            21614, "To number is not a mobile number");

    private final String name;
    private final URI baseUrl;
    private final String accountSid;
    private final String authToken;
    private final String from;
    private final String messagingServiceSid;
    private final URI statusCallback;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final URI endpoint;
    private final HttpTransport http;

    private TwilioSmsProvider(Builder b) {
        this.name = b.name;
        this.baseUrl = b.baseUrl;
        this.accountSid = Check.notBlank("accountSid", b.accountSid);
        this.authToken = Check.notBlank("authToken", b.authToken);
        if (b.from == null && b.messagingServiceSid == null) {
            throw new IllegalArgumentException("from or messagingServiceSid must be set");
        }
        this.from = b.from;
        this.messagingServiceSid = b.messagingServiceSid;
        this.statusCallback = b.statusCallback;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.endpoint = Urls.resolve(baseUrl, "/2010-04-01/Accounts/" + URLEncoder.encode(accountSid, StandardCharsets.UTF_8) + "/Messages.json");
        this.http = new HttpTransport(connectTimeout, requestTimeout, b.clock);
    }

    /**
     * A builder with every setting at its default; account SID, auth token and a sender are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChannelType type() {
        return ChannelType.SMS;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        return Safely.send(name, message, this::deliver, authToken);
    }

    private DeliveryResult deliver(OutboundMessage message) {
        String to = message.recipientField("phone_number");
        if (to == null || to.isBlank()) return DeliveryResult.permanent("recipient has no phone_number");
        String text = message.content("text");
        if (text == null || text.isBlank()) return DeliveryResult.permanent("nothing to send: 'text' was not rendered");

        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", to.strip());
        if (from != null) form.put("From", from);
        if (messagingServiceSid != null) form.put("MessagingServiceSid", messagingServiceSid);
        form.put("Body", text);
        if (statusCallback != null) form.put("StatusCallback", statusCallback.toString());

        HttpRequest request = http.request(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", basicAuth())
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
                .build();
        HttpReply reply = http.send(request);
        if (reply.isSuccess()) {
            JsonNode json = Json.parseOrNull(reply.body());
            String sid = json == null ? null : json.path("sid").textValue(); // null unless a JSON string
            return DeliveryResult.sent(sid);
        }
        DeliveryResult failure = http.classify(reply, "Twilio");
        if (failure.kind() != DeliveryResult.Kind.PERMANENT) return failure;
        return DeliveryResult.permanent(Text.redact(twilioReason(reply), authToken));
    }

    /** Twilio's error code and message, such as "Twilio error 21211 (invalid To number): …". */
    private static String twilioReason(HttpReply reply) {
        JsonNode json = Json.parseOrNull(reply.body());
        if (json == null || !json.path("code").canConvertToInt()) {
            return "Twilio answered HTTP " + reply.status() + ": " + Text.truncate(reply.body(), Text.MAX_QUOTED_BODY);
        }
        int code = json.path("code").asInt();
        String known = RECIPIENT_ERRORS.get(code);
        return "Twilio error " + code + (known == null ? "" : " (" + known + ")") + " on HTTP " + reply.status() + ": "
                + Text.truncate(json.path("message").asText(""), Text.MAX_QUOTED_BODY);
    }

    private String basicAuth() {
        String pair = accountSid + ":" + authToken;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String formEncode(Map<String, String> form) {
        StringJoiner j = new StringJoiner("&");
        form.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    /** Settings without the auth token. */
    @Override
    public String toString() {
        return "TwilioSmsProvider[name=" + name + ", baseUrl=" + Urls.origin(baseUrl) + ", accountSid=" + accountSid
                + ", from=" + (from == null ? "none" : from) + ", messagingServiceSid=" + (messagingServiceSid == null ? "none" : messagingServiceSid)
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }

    /** Builds a {@link TwilioSmsProvider}; not thread-safe, reusable. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private URI baseUrl = URI.create(DEFAULT_BASE_URL);
        private String accountSid;
        private String authToken;
        private String from;
        private String messagingServiceSid;
        private URI statusCallback;
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
         * The API's base URL; {@value #DEFAULT_BASE_URL} if unset. Set it for a Twilio-compatible
         * service, a regional edge or a test server.
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
         * The account SID ({@code AC…}) and its auth token, used for HTTP Basic auth. Required.
         *
         * @param accountSid the account SID
         * @param authToken the auth token
         * @return this builder
         */
        public Builder credentials(String accountSid, String authToken) {
            this.accountSid = Check.notBlank("accountSid", accountSid);
            this.authToken = Check.notBlank("authToken", authToken);
            return this;
        }

        /**
         * The sender: a Twilio phone number in E.164 or an alphanumeric sender id. This or {@link
         * #messagingServiceSid} is required.
         *
         * @param from the sender number or id
         * @return this builder
         */
        public Builder from(String from) {
            this.from = Check.notBlank("from", from);
            return this;
        }

        /**
         * A messaging service ({@code MG…}) that picks the sender. This or {@link #from} is required.
         *
         * @param sid the messaging service SID
         * @return this builder
         */
        public Builder messagingServiceSid(String sid) {
            this.messagingServiceSid = Check.notBlank("messagingServiceSid", sid);
            return this;
        }

        /**
         * Where Twilio should POST delivery status updates; none if unset.
         *
         * @param url an absolute http(s) URL
         * @return this builder
         */
        public Builder statusCallback(String url) {
            this.statusCallback = Check.httpUrl("statusCallback", url);
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
         * @throws IllegalArgumentException if credentials or both of from and messagingServiceSid are missing
         */
        public TwilioSmsProvider build() {
            if (accountSid == null) throw new IllegalArgumentException("credentials (accountSid and authToken) must be set");
            return new TwilioSmsProvider(this);
        }
    }
}
