package io.github.knockj.bench;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A no-op provider that counts its calls and reaches every user without channel data (objects
 * themselves are not reached: a trigger to an object also runs for the object). Only a
 * {@link #tracking()} provider keeps every call per recipient (for {@link #repeated()}); the plain one
 * keeps a counter, so a 1,000,000-recipient run does not spend its bounded heap on bookkeeping.
 */
final class CountingProvider implements ChannelProvider {
    private static final DeliveryResult DELIVERED = DeliveryResult.delivered(null);
    private final AtomicLong calls = new AtomicLong();
    private final Consumer<OutboundMessage> onSend;
    private final java.util.Map<String, java.util.List<String>> byRecipient;

    private CountingProvider(Consumer<OutboundMessage> onSend, boolean tracking) {
        this.onSend = onSend;
        this.byRecipient = tracking ? new java.util.concurrent.ConcurrentHashMap<>() : null;
    }

    CountingProvider(Consumer<OutboundMessage> onSend) {
        this(onSend, false);
    }

    CountingProvider() {
        this(m -> { }, false);
    }

    /** A provider that also keeps every call per recipient, for {@link #repeated()}. */
    static CountingProvider tracking(Consumer<OutboundMessage> onSend) {
        return new CountingProvider(onSend, true);
    }

    @Override
    public ChannelType type() {
        return ChannelType.PUSH;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        onSend.accept(message);
        if (byRecipient != null) byRecipient.computeIfAbsent(message.recipient().id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(message.message().id() + "@" + message.attempt() + "/" + message.idempotencyKey());
        calls.incrementAndGet();
        return DELIVERED;
    }

    @Override
    public boolean canReach(OutboundMessage.RecipientInfo recipient, String channelKey) {
        return recipient.isUser();
    }

    @Override
    public String name() {
        return "bench-noop";
    }

    /** Recipients called more than once, with the message ids and attempts of each call. */
    java.util.Map<String, java.util.List<String>> repeated() {
        if (byRecipient == null) throw new IllegalStateException("not a tracking provider");
        java.util.Map<String, java.util.List<String>> out = new java.util.TreeMap<>();
        byRecipient.forEach((k, v) -> {
            if (v.size() > 1) out.put(k, v);
        });
        return out;
    }

    long calls() {
        return calls.get();
    }

    /** Waits until at least {@code n} calls were made. */
    void await(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (calls.get() < n) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("only " + calls.get() + " of " + n + " provider calls after " + timeout);
            Thread.sleep(1);
        }
    }
}
