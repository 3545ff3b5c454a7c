package io.github.knockj.core.internal;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.RetryPolicy;
import io.github.knockj.core.spi.ChannelProvider;
import java.util.List;

/**
 * A channel as registered on the Notifier: its key, its providers in failover order, and how its
 * deliveries are retried.
 */
public record ChannelRegistration(String key, ChannelType type, List<ChannelProvider> providers, RetryPolicy retryPolicy,
                                  List<ProviderLimiter> limiters) {
    public ChannelRegistration(String key, ChannelType type, List<ChannelProvider> providers, RetryPolicy retryPolicy) {
        this(key, type, providers, retryPolicy, List.of());
    }

    /** This registration with every provider limited by {@code limits}. */
    public ChannelRegistration limitedBy(io.github.knockj.core.ProviderLimits limits) {
        List<ProviderLimiter> ls = new java.util.ArrayList<>();
        for (int i = 0; i < providers.size(); i++) ls.add(new ProviderLimiter(limits));
        return new ChannelRegistration(key, type, providers, retryPolicy, ls);
    }

    /** The limiter of provider {@code index}, or null when the channel is unlimited. */
    public ProviderLimiter limiter(int index) {
        return limiters.isEmpty() ? null : limiters.get(index);
    }

    public ChannelRegistration {
        limiters = List.copyOf(limiters);
        providers = List.copyOf(providers);
        if (providers.isEmpty()) throw new IllegalArgumentException("channel '" + key + "' needs at least one provider");
        for (ChannelProvider p : providers) {
            if (p.type() != type) {
                throw new IllegalArgumentException("channel '" + key + "' is " + type + " but provider " + p.name() + " is " + p.type());
            }
        }
    }

    public ChannelProvider primary() {
        return providers.get(0);
    }

    /** Whether messages on this channel are stored and served by the library (no provider call). */
    public boolean isInAppFeed() {
        return type == ChannelType.IN_APP_FEED;
    }
}
