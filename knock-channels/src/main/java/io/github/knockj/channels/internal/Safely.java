package io.github.knockj.channels.internal;

import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence of every provider's {@code send}: a bug or an unexpected runtime failure
 * becomes a retryable result (as the engine would make of it) instead of an exception. Not a public API.
 */
public final class Safely {
    private static final Logger log = LoggerFactory.getLogger(Safely.class);

    private Safely() {}

    /** {@code send.apply(message)}, or a retryable result if it throws or returns null; {@code secrets} are masked. */
    public static DeliveryResult send(String provider, OutboundMessage message, Function<OutboundMessage, DeliveryResult> send,
                                      String... secrets) {
        try {
            DeliveryResult r = send.apply(message);
            return r != null ? r : DeliveryResult.retryable(provider + " produced no result", null);
        } catch (RuntimeException e) {
            String reason = Text.redact("unexpected failure in " + provider + ": " + Text.describe(e), secrets);
            log.warn("{} (message {})", reason, message == null || message.message() == null ? null : message.message().id());
            return DeliveryResult.retryable(reason, null);
        }
    }
}
