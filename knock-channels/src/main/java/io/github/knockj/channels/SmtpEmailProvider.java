package io.github.knockj.channels;

import io.github.knockj.channels.internal.Check;
import io.github.knockj.channels.internal.Safely;
import io.github.knockj.channels.internal.SmtpFailures;
import io.github.knockj.channels.internal.StableIdMimeMessage;
import io.github.knockj.channels.internal.Text;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends email over SMTP with Jakarta Mail (Eclipse Angus) ({@link ChannelType#EMAIL}), one
 * connection per message.
 *
 * <p><b>Recipient:</b> the recipient field {@code email}, with {@code name} as display name when
 * present. <b>Content fields:</b> {@code subject}, and {@code html} and/or {@code text}; with both,
 * the mail is {@code multipart/alternative} (text first, HTML preferred), with one, a single part.
 * All in UTF-8.
 *
 * <p><b>Headers:</b> {@code From}, optional {@code Reply-To}; a {@code Message-ID} made from the
 * message's idempotency key (the same on every attempt, so receivers can discard a duplicate) and
 * {@code X-Idempotency-Key} with the key itself; plus {@linkplain Builder#header per-message headers}
 * such as {@linkplain Builder#listUnsubscribe List-Unsubscribe}.
 *
 * <p><b>Results:</b> accepted by the server is {@linkplain DeliveryResult.Kind#SENT sent}, with the
 * {@code Message-ID} as provider message id. SMTP 4xx replies, connection failures and timeouts are
 * retryable; 5xx replies (unknown user, relaying denied, authentication failed), an invalid
 * recipient address and unsendable content are permanent. The password never appears in
 * {@code toString}, logs or reasons.
 */
public final class SmtpEmailProvider implements ChannelProvider {
    /** The name used in logs and message history if unset: {@value}. */
    public static final String DEFAULT_NAME = "smtp";
    /** The transport security if unset: {@link TlsMode#STARTTLS}. */
    public static final TlsMode DEFAULT_TLS = TlsMode.STARTTLS;
    /** How long to wait for a TCP connection if unset: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait for each server reply (and each write) if unset: 30 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(SmtpEmailProvider.class);

    /** How the connection to the SMTP server is secured. */
    public enum TlsMode {
        /** Plain text; only for a local relay or a test server. Default port 25. */
        NONE(25),
        /** Plain connection upgraded with STARTTLS, which the server must offer. Default port 587. */
        STARTTLS(587),
        /** TLS from the first byte ("implicit TLS", SMTPS). Default port 465. */
        SSL(465);

        private final int defaultPort;

        TlsMode(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        /**
         * The usual port for this mode.
         *
         * @return 25 for plain and STARTTLS, 465 for implicit TLS
         */
        public int defaultPort() {
            return defaultPort;
        }
    }

    private final String name;
    private final String host;
    private final int port;
    private final TlsMode tls;
    private final String username;
    private final String password;
    private final InternetAddress from;
    private final InternetAddress replyTo;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Map<String, Function<OutboundMessage, String>> headers;
    private final Session session;

    private SmtpEmailProvider(Builder b) {
        this.name = b.name;
        this.host = b.host;
        this.tls = b.tls;
        this.port = b.port > 0 ? b.port : b.tls.defaultPort();
        this.username = b.username;
        this.password = b.password;
        this.from = b.from;
        this.replyTo = b.replyTo;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.headers = Map.copyOf(b.headers);
        this.session = Session.getInstance(sessionProperties(b));
    }

    private Properties sessionProperties(Builder b) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", host);
        p.setProperty("mail.smtp.port", Integer.toString(port));
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(readTimeout.toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(readTimeout.toMillis()));
        p.setProperty("mail.smtp.auth", Boolean.toString(username != null));
        p.setProperty("mail.smtp.from", from.getAddress());
        if (tls == TlsMode.STARTTLS) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        if (tls == TlsMode.SSL) p.setProperty("mail.smtp.ssl.enable", "true");
        if (tls != TlsMode.NONE) p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        p.putAll(b.properties);
        return p;
    }

    /**
     * A builder with every setting at its default; host and from are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChannelType type() {
        return ChannelType.EMAIL;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        return Safely.send(name, message, this::deliver, password, username);
    }

    private DeliveryResult deliver(OutboundMessage message) {
        MimeMessage mime;
        try {
            mime = compose(message);
        } catch (Unsendable e) {
            return DeliveryResult.permanent(e.getMessage());
        } catch (MessagingException | RuntimeException e) {
            return DeliveryResult.permanent("cannot compose the email: " + Text.redact(Text.describe(e), password));
        }
        Transport transport = null;
        try {
            transport = session.getTransport("smtp");
            transport.connect(host, port, username, password);
            transport.sendMessage(mime, mime.getAllRecipients());
            return DeliveryResult.sent(mime.getMessageID());
        } catch (MessagingException e) {
            DeliveryResult r = SmtpFailures.classify(e, password, username);
            log.debug("{}: sending message {} failed: {}", name, message.message().id(), r.reason());
            return r;
        } catch (RuntimeException e) {
            return DeliveryResult.retryable("SMTP send failed: " + Text.redact(Text.describe(e), password, username), null);
        } finally {
            closeQuietly(transport);
        }
    }

    private MimeMessage compose(OutboundMessage m) throws MessagingException {
        InternetAddress to = recipientAddress(m);
        String subject = m.content("subject");
        String html = m.content("html");
        String text = m.content("text");
        if (html == null && text == null) throw new Unsendable("nothing to send: neither 'html' nor 'text' was rendered");

        String key = m.idempotencyKey() != null ? m.idempotencyKey() : m.message().id();
        String domain = from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1);
        MimeMessage mime = new StableIdMimeMessage(session, StableIdMimeMessage.messageId(key, domain));
        mime.setFrom(from);
        if (replyTo != null) mime.setReplyTo(new InternetAddress[] {replyTo});
        mime.setRecipient(RecipientType.TO, to);
        if (subject != null) mime.setSubject(subject, StandardCharsets.UTF_8.name());
        mime.setSentDate(new Date());
        if (html != null && text != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, StandardCharsets.UTF_8.name(), "html");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(rich);
            mime.setContent(alternative);
        } else if (html != null) {
            mime.setText(html, StandardCharsets.UTF_8.name(), "html");
        } else {
            mime.setText(text, StandardCharsets.UTF_8.name(), "plain");
        }
        mime.setHeader("X-Idempotency-Key", headerValue("X-Idempotency-Key", key));
        for (Map.Entry<String, Function<OutboundMessage, String>> h : headers.entrySet()) {
            String value;
            try {
                value = h.getValue().apply(m);
            } catch (RuntimeException e) {
                throw new Unsendable("header " + h.getKey() + " could not be computed: " + Text.describe(e));
            }
            if (value != null) mime.setHeader(h.getKey(), headerValue(h.getKey(), value));
        }
        mime.saveChanges();
        return mime;
    }

    private static InternetAddress recipientAddress(OutboundMessage m) {
        String email = m.recipientField("email");
        if (email == null || email.isBlank()) throw new Unsendable("recipient has no email");
        try {
            InternetAddress address = new InternetAddress(email.strip(), true);
            address.validate();
            String displayName = m.recipientField("name");
            if (displayName != null && !displayName.isBlank()) address.setPersonal(displayName.strip(), StandardCharsets.UTF_8.name());
            return address;
        } catch (AddressException e) {
            throw new Unsendable("invalid recipient address: " + Text.truncate(e.getMessage(), 200));
        } catch (UnsupportedEncodingException e) {
            throw new Unsendable("cannot encode the recipient's name: " + e.getMessage()); // UTF-8 always exists
        }
    }

    /** {@code value} encoded and folded for a header; rejects line breaks (header injection). */
    private static String headerValue(String header, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new Unsendable("header " + header + " value contains a line break");
        }
        try {
            return MimeUtility.fold(header.length() + 2, MimeUtility.encodeText(value, StandardCharsets.UTF_8.name(), null));
        } catch (UnsupportedEncodingException e) {
            throw new Unsendable("cannot encode header " + header + ": " + e.getMessage()); // UTF-8 always exists
        }
    }

    private static void closeQuietly(Transport transport) {
        if (transport == null) return;
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            // the message was sent or the failure is already classified: a failing QUIT changes nothing
        }
    }

    /** Content that cannot become an email; retrying will not help. */
    private static final class Unsendable extends RuntimeException {
        Unsendable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Settings without credentials. */
    @Override
    public String toString() {
        return "SmtpEmailProvider[name=" + name + ", host=" + host + ", port=" + port + ", tls=" + tls
                + ", auth=" + (username != null) + ", from=" + from.getAddress()
                + ", replyTo=" + (replyTo == null ? "none" : replyTo.getAddress()) + ", headers=" + headers.keySet()
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    /** Builds an {@link SmtpEmailProvider}; not thread-safe, reusable. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private String host;
        private int port;
        private TlsMode tls = DEFAULT_TLS;
        private String username;
        private String password;
        private InternetAddress from;
        private InternetAddress replyTo;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private final Map<String, Function<OutboundMessage, String>> headers = new LinkedHashMap<>();
        private final Properties properties = new Properties();

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
         * The SMTP server's host name or address. Required.
         *
         * @param host the host, not blank
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Check.notBlank("host", host).strip();
            return this;
        }

        /**
         * The SMTP server's port; if unset, the {@linkplain TlsMode#defaultPort usual port} of the TLS mode.
         *
         * @param port the port, 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            this.port = Check.port("port", port);
            return this;
        }

        /**
         * How the connection is secured; {@link #DEFAULT_TLS} if unset.
         *
         * @param tls the TLS mode
         * @return this builder
         */
        public Builder tls(TlsMode tls) {
            this.tls = Check.notNull("tls", tls);
            return this;
        }

        /**
         * Log in with SMTP AUTH as {@code username}; if unset, no authentication.
         *
         * @param username the login name
         * @param password the password
         * @return this builder
         */
        public Builder credentials(String username, String password) {
            this.username = Check.notBlank("username", username);
            this.password = Check.notBlank("password", password);
            return this;
        }

        /**
         * The sender, such as {@code "Acme <notifications@acme.example>"}. Required.
         *
         * @param from an RFC 5322 address, with or without a display name
         * @return this builder
         * @throws IllegalArgumentException if it is not one valid address
         */
        public Builder from(String from) {
            this.from = address("from", from);
            return this;
        }

        /**
         * Where replies go; the {@code From} address if unset.
         *
         * @param replyTo an RFC 5322 address
         * @return this builder
         */
        public Builder replyTo(String replyTo) {
            this.replyTo = address("replyTo", replyTo);
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
         * How long to wait for each server reply and each write; {@link #DEFAULT_READ_TIMEOUT} if unset.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Check.positive("readTimeout", timeout);
            return this;
        }

        /**
         * A header computed for each message; a null value leaves the header out. Values must not
         * contain line breaks (such a message fails permanently); non-ASCII is encoded. If the function
         * throws, the message fails permanently. No extra headers if unset.
         *
         * @param name the header name
         * @param value computes the value from the outbound message; null leaves the header out
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid header name or is set by the provider itself
         */
        public Builder header(String name, Function<OutboundMessage, String> value) {
            Check.notBlank("header name", name);
            Check.notNull("header " + name, value);
            if (!name.chars().allMatch(c -> c >= 33 && c <= 126 && c != ':')) {
                throw new IllegalArgumentException("header name '" + name + "' is not a valid header name");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header " + name + " is set by the provider; use the builder's own setting");
            }
            headers.put(name, value);
            return this;
        }

        /**
         * Adds {@code List-Unsubscribe: <url>} from the trigger data value at {@code dataKey} (such as
         * {@code unsubscribe_url}), when the message's data has one; with {@code oneClick}, also
         * {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click} (RFC 8058: the URL must accept a
         * POST that unsubscribes without further confirmation). None if unset.
         *
         * @param dataKey the trigger data key holding the unsubscribe URL
         * @param oneClick whether to add the RFC 8058 one-click header too
         * @return this builder
         */
        public Builder listUnsubscribe(String dataKey, boolean oneClick) {
            Check.notBlank("listUnsubscribe dataKey", dataKey);
            header("List-Unsubscribe", m -> {
                String url = dataString(m, dataKey);
                return url == null ? null : "<" + url + ">";
            });
            if (oneClick) header("List-Unsubscribe-Post", m -> dataString(m, dataKey) == null ? null : "List-Unsubscribe=One-Click");
            return this;
        }

        /**
         * A Jakarta Mail session property ({@code mail.smtp.*}), set after and so overriding the
         * provider's own, for what the builder does not cover (such as {@code mail.smtp.ssl.trust}).
         *
         * @param key the property name
         * @param value the property value
         * @return this builder
         */
        public Builder property(String key, String value) {
            Check.notBlank("property key", key);
            if (!key.startsWith("mail.")) throw new IllegalArgumentException("property key must start with 'mail.', was " + key);
            properties.setProperty(key, Check.notNull("property " + key, value));
            return this;
        }

        /**
         * A provider with these settings.
         *
         * @return the provider
         * @throws IllegalArgumentException if host or from is missing
         */
        public SmtpEmailProvider build() {
            Check.notNull("host", host);
            Check.notNull("from", from);
            return new SmtpEmailProvider(this);
        }

        /** Headers the provider sets itself (lower case). */
        private static final Set<String> RESERVED = Set.of("from", "to", "cc", "bcc", "reply-to",
                "subject", "message-id", "date", "mime-version", "content-type", "content-transfer-encoding", "x-idempotency-key");

        private static String dataString(OutboundMessage m, String key) {
            Object v = m.message().data() == null ? null : m.message().data().get(key);
            return v instanceof String s && !s.isBlank() ? s.strip() : null;
        }

        private static InternetAddress address(String setting, String value) {
            Check.notBlank(setting, value);
            try {
                InternetAddress[] parsed = InternetAddress.parse(value, true);
                if (parsed.length != 1) throw new IllegalArgumentException(setting + " must be one address, was " + value);
                parsed[0].validate();
                return parsed[0];
            } catch (AddressException e) {
                throw new IllegalArgumentException(setting + " is not a valid email address: " + value);
            }
        }
    }
}
