package io.github.knockj.channels;

import io.github.knockj.channels.internal.Check;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Message;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider for development: writes each message to the log (SLF4J logger
 * {@code io.github.knockj.channels.ConsoleProvider}, level INFO) and, if given, to a
 * {@link PrintStream}, then reports it {@linkplain DeliveryResult.Kind#DELIVERED delivered} with the
 * message id as provider message id. It serves whichever channel type it is built for and prints
 * every rendered content field, so it fits any channel.
 *
 * <p>It shows the recipient's id, {@code email}, {@code phone_number} and the <em>keys</em> of its
 * channel data, never channel data values (webhook URLs and push tokens are secrets).
 * Whether a recipient is reachable is decided as for a real provider of the type.
 */
public final class ConsoleProvider implements ChannelProvider {
    private static final Logger log = LoggerFactory.getLogger(ConsoleProvider.class);

    private final ChannelType type;
    private final String name;
    private final PrintStream out;

    private ConsoleProvider(Builder b) {
        this.type = b.type;
        this.name = b.name != null ? b.name : "console-" + type.name().toLowerCase(Locale.ROOT);
        this.out = b.out;
    }

    /**
     * A console provider for {@code type} that only logs.
     *
     * @param type the channel type it serves
     * @return the provider
     */
    public static ConsoleProvider of(ChannelType type) {
        return builder(type).build();
    }

    /**
     * A builder for a console provider serving {@code type}.
     *
     * @param type the channel type it serves
     * @return a new builder
     */
    public static Builder builder(ChannelType type) {
        return new Builder(Check.notNull("type", type));
    }

    @Override
    public ChannelType type() {
        return type;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        try {
            String text = format(message);
            log.info("{}", text);
            if (out != null) {
                synchronized (out) {
                    out.println(text);
                    out.flush();
                }
            }
        } catch (RuntimeException e) {
            log.warn("{}: could not print message {}", name, message.message().id(), e);
        }
        return DeliveryResult.delivered(message.message().id());
    }

    /** The printed form: a header line, then one indented line per content field. */
    static String format(OutboundMessage m) {
        Message msg = m.message();
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(msg.channelKey()).append(' ').append(msg.channelType()).append("] ")
                .append(msg.workflowKey()).append('/').append(msg.stepRef())
                .append(" message ").append(msg.id()).append(" attempt ").append(m.attempt())
                .append(" to ").append(msg.recipient());
        appendField(sb, m, "email");
        appendField(sb, m, "phone_number");
        if (!m.recipient().channelData().isEmpty()) sb.append(" channel data keys ").append(new TreeMap<>(m.recipient().channelData()).keySet());
        for (Map.Entry<String, String> e : new TreeMap<>(msg.content()).entrySet()) {
            sb.append(System.lineSeparator()).append("  ").append(e.getKey()).append(": ")
                    .append(e.getValue().replace("\n", System.lineSeparator() + "    "));
        }
        return sb.toString();
    }

    private static void appendField(StringBuilder sb, OutboundMessage m, String field) {
        String v = m.recipientField(field);
        if (v != null) sb.append(' ').append(field).append('=').append(v);
    }

    @Override
    public String toString() {
        return "ConsoleProvider[name=" + name + ", type=" + type + ", printStream=" + (out != null) + "]";
    }

    /** Builds a {@link ConsoleProvider}; not thread-safe, reusable. */
    public static final class Builder {
        private final ChannelType type;
        private String name;
        private PrintStream out;

        private Builder(ChannelType type) {
            this.type = type;
        }

        /**
         * The name in logs and message history; {@code console-<type>} (such as {@code console-email}) if
         * unset.
         *
         * @param name the name, not blank
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Check.notBlank("name", name);
            return this;
        }

        /**
         * Also print each message to {@code out}, such as {@link System#out}; only logged if unset.
         *
         * @param out the stream to print to
         * @return this builder
         */
        public Builder printTo(PrintStream out) {
            this.out = Check.notNull("printTo", out);
            return this;
        }

        /**
         * A provider with these settings.
         *
         * @return the provider
         */
        public ConsoleProvider build() {
            return new ConsoleProvider(this);
        }
    }
}
