package io.github.knockj.core.internal;

import io.github.knockj.core.FetchPolicy;
import io.github.knockj.core.PreferenceSet;
import java.time.Duration;

/** The settings a Notifier was built with. */
public record EngineConfig(
        String nodeId,
        boolean manual,
        int workerThreads,
        int deliveryThreads,
        int claimBatchSize,
        int maxInFlight,
        Duration pollInterval,
        Duration leaseDuration,
        Duration idempotencyWindow,
        Duration cancellationWindow,
        long maxPayloadBytes,
        int maxRecipients,
        int maxTriggerDepth,
        int fanoutPageSize,
        PreferenceSet defaultPreferences,
        RecipientBudget recipientBudget,
        FetchPolicy fetchPolicy,
        boolean deregisterInvalidTokens,
        io.github.knockj.core.Tracking tracking,
        java.util.List<EventWebhook> eventWebhooks,
        Duration providerCallTimeout,
        Duration retention,
        boolean strictTemplates) {

    /** Where outbound events go, and the secret they are signed with. */
    public record EventWebhook(java.net.URI url, String secret) {
        @Override
        public String toString() {
            return "EventWebhook[" + url + ", secret hidden]";
        }
    }

    /** At most {@code limit} non-required runs per {@code window} per recipient, across workflows. */
    public record RecipientBudget(int limit, Duration window) {}
}
