package io.github.knockj.core;

import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;

/**
 * The built-in in-app feed channel: messages are stored by the library and served through
 * {@link Notifier#feed(String, String)}; they count as delivered the moment they are created.
 */
public final class InAppFeedChannel implements ChannelProvider {
    private InAppFeedChannel() {}

    /** {@return the in-app feed channel provider} */
    public static InAppFeedChannel create() {
        return new InAppFeedChannel();
    }

    @Override
    public ChannelType type() {
        return ChannelType.IN_APP_FEED;
    }

    /** Never called by the engine: feed messages are stored, not sent. */
    @Override
    public DeliveryResult send(OutboundMessage message) {
        return DeliveryResult.delivered(null);
    }

    @Override
    public String name() {
        return "in-app-feed";
    }
}
