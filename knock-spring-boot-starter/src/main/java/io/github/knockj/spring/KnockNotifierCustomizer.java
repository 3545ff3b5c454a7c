package io.github.knockj.spring;

import io.github.knockj.core.Notifier;

/**
 * A bean that changes the {@link Notifier.Builder} after the auto-configuration has applied the
 * context's workflows, channels, listeners and {@code knock.*} properties, and before it builds
 * the Notifier: for what has no property (retry policies and failover, provider limits, tracking,
 * event webhooks, default preferences). Customizers run in {@link org.springframework.core.Ordered}
 * order.
 */
@FunctionalInterface
public interface KnockNotifierCustomizer {
    /**
     * Changes the builder.
     *
     * @param builder the builder the auto-configured Notifier is built from
     */
    void customize(Notifier.Builder builder);
}
