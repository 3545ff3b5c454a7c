package io.github.knockj.core;

import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A provider for tests: records every message it is given and answers with a configurable result
 * (delivered by default). Thread-safe.
 */
public final class RecordingProvider implements ChannelProvider {
    private final ChannelType type;
    private final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
    private volatile Function<OutboundMessage, DeliveryResult> answer = m -> DeliveryResult.delivered(null);

    private RecordingProvider(ChannelType type) {
        this.type = type;
    }

    /**
     * A provider of channel type {@code type} that answers {@link DeliveryResult#delivered} until told
     * otherwise.
     *
     * @param type the channel type it serves
     * @return a new provider
     */
    public static RecordingProvider of(ChannelType type) {
        return new RecordingProvider(type);
    }

    /**
     * Answers every later call with {@code f}'s result (which may throw, to simulate a broken provider).
     *
     * @param f computes the answer to each message
     * @return this provider
     */
    public RecordingProvider answering(Function<OutboundMessage, DeliveryResult> f) {
        this.answer = f;
        return this;
    }

    @Override
    public ChannelType type() {
        return type;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        sent.add(message);
        return answer.apply(message);
    }

    /**
     * Everything sent so far, in order.
     *
     * @return a copy of the messages sent
     */
    public List<OutboundMessage> sent() {
        return new ArrayList<>(sent);
    }

    /**
     * Content field {@code field} of every message sent so far.
     *
     * @param field a content field, such as {@code subject}
     * @return the field's rendered value per message, null where absent
     */
    public List<String> sentContent(String field) {
        List<String> out = new ArrayList<>();
        for (OutboundMessage m : sent) out.add(m.content(field));
        return out;
    }

    /** Forgets the messages sent so far. */
    public void clear() {
        sent.clear();
    }

    @Override
    public String name() {
        return "recording-" + type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
