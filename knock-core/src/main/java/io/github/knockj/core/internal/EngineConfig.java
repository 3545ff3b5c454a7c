package io.github.knockj.core.internal;

import io.github.knockj.core.FetchPolicy;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Tracking;
import java.time.Duration;
import java.util.List;

/**
 * The settings a Notifier was built with: immutable, made by {@link #builder()} with named values.
 * A setting not given keeps the default of {@link Notifier.Builder}.
 */
public final class EngineConfig {
    private final String nodeId;
    private final boolean manual;
    private final int workerThreads;
    private final int deliveryThreads;
    private final int claimBatchSize;
    private final int maxInFlight;
    private final Duration pollInterval;
    private final Duration leaseDuration;
    private final Duration idempotencyWindow;
    private final Duration cancellationWindow;
    private final long maxPayloadBytes;
    private final int maxRecipients;
    private final int maxTriggerDepth;
    private final int fanoutPageSize;
    private final PreferenceSet defaultPreferences;
    private final RecipientBudget recipientBudget;
    private final FetchPolicy fetchPolicy;
    private final boolean deregisterInvalidTokens;
    private final Tracking tracking;
    private final List<EventWebhook> eventWebhooks;
    private final Duration providerCallTimeout;
    private final Duration retention;
    private final boolean strictTemplates;
    private final io.github.knockj.core.spi.NotifierTracing tracing;
    private final java.util.Map<String, Object> templateVariables;
    private final io.github.knockj.core.Translations translations;
    private final SharedTemplates sharedTemplates;

    private EngineConfig(Builder b) {
        this.nodeId = b.nodeId;
        this.manual = b.manual;
        this.workerThreads = b.workerThreads;
        this.deliveryThreads = b.deliveryThreads;
        this.claimBatchSize = b.claimBatchSize;
        this.maxInFlight = b.maxInFlight;
        this.pollInterval = b.pollInterval;
        this.leaseDuration = b.leaseDuration;
        this.idempotencyWindow = b.idempotencyWindow;
        this.cancellationWindow = b.cancellationWindow;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.maxRecipients = b.maxRecipients;
        this.maxTriggerDepth = b.maxTriggerDepth;
        this.fanoutPageSize = b.fanoutPageSize;
        this.defaultPreferences = b.defaultPreferences;
        this.recipientBudget = b.recipientBudget;
        this.fetchPolicy = b.fetchPolicy;
        this.deregisterInvalidTokens = b.deregisterInvalidTokens;
        this.tracking = b.tracking;
        this.eventWebhooks = List.copyOf(b.eventWebhooks);
        this.providerCallTimeout = b.providerCallTimeout;
        this.retention = b.retention;
        this.strictTemplates = b.strictTemplates;
        this.tracing = b.tracing;
        this.templateVariables = b.templateVariables;
        this.translations = b.translations;
        this.sharedTemplates = b.sharedTemplates;
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The id this instance leases jobs under; null lets the engine make one. */
    public String nodeId() {
        return nodeId;
    }

    /** Whether a TestKit drives the engine by hand (no worker threads). */
    public boolean manual() {
        return manual;
    }

    /** Threads executing workflow steps. */
    public int workerThreads() {
        return workerThreads;
    }

    /** Threads calling channel providers. */
    public int deliveryThreads() {
        return deliveryThreads;
    }

    /** Jobs claimed per store round trip. */
    public int claimBatchSize() {
        return claimBatchSize;
    }

    /** Claimed jobs held at most at once. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** How often idle workers look for due jobs. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** How long a claimed job stays this instance's. */
    public Duration leaseDuration() {
        return leaseDuration;
    }

    /** How long an idempotency key is remembered. */
    public Duration idempotencyWindow() {
        return idempotencyWindow;
    }

    /** How long a cancellation waits for its trigger. */
    public Duration cancellationWindow() {
        return cancellationWindow;
    }

    /** The largest trigger data accepted, in bytes of JSON. */
    public long maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** The most recipients one trigger may name. */
    public int maxRecipients() {
        return maxRecipients;
    }

    /** How deep trigger-workflow steps may nest. */
    public int maxTriggerDepth() {
        return maxTriggerDepth;
    }

    /** Subscribers read per fan-out page. */
    public int fanoutPageSize() {
        return fanoutPageSize;
    }

    /** Preferences of recipients who set none. */
    public PreferenceSet defaultPreferences() {
        return defaultPreferences;
    }

    /** Runs allowed per recipient across workflows; null for no budget. */
    public RecipientBudget recipientBudget() {
        return recipientBudget;
    }

    /** Which hosts fetch steps may call. */
    public FetchPolicy fetchPolicy() {
        return fetchPolicy;
    }

    /** Whether tokens a provider rejects are removed from the user's channel data. */
    public boolean deregisterInvalidTokens() {
        return deregisterInvalidTokens;
    }

    /** Link and open tracking of email; null for none. */
    public Tracking tracking() {
        return tracking;
    }

    /** Where message events are posted. */
    public List<EventWebhook> eventWebhooks() {
        return eventWebhooks;
    }

    /** How long one provider call may take. */
    public Duration providerCallTimeout() {
        return providerCallTimeout;
    }

    /** How long finished records are kept; null keeps them. */
    public Duration retention() {
        return retention;
    }

    /** Whether an undefined template variable fails the render. */
    public boolean strictTemplates() {
        return strictTemplates;
    }

    /** What times the engine's work as spans; {@link io.github.knockj.core.spi.NotifierTracing#NONE} if unset. */
    public io.github.knockj.core.spi.NotifierTracing tracing() {
        return tracing;
    }

    /** The account's variables templates see as {@code vars}: frozen, JSON-compatible; empty if unset. */
    public java.util.Map<String, Object> templateVariables() {
        return templateVariables;
    }

    /** The account's translations, which the {@code t} filter reads; {@link io.github.knockj.core.Translations#NONE} if unset. */
    public io.github.knockj.core.Translations translations() {
        return translations;
    }

    /** The email layouts of the steps and the partials; {@link SharedTemplates#NONE} if unset. */
    public SharedTemplates sharedTemplates() {
        return sharedTemplates;
    }

    /** Named settings for an {@link EngineConfig}; each starts at its default. */
    public static final class Builder {
        private String nodeId = null;
        private boolean manual = false;
        private int workerThreads = Notifier.Builder.DEFAULT_WORKER_THREADS;
        private int deliveryThreads = Notifier.Builder.DEFAULT_DELIVERY_THREADS;
        private int claimBatchSize = Notifier.Builder.DEFAULT_CLAIM_BATCH_SIZE;
        private int maxInFlight = Notifier.Builder.DEFAULT_MAX_IN_FLIGHT;
        private Duration pollInterval = Notifier.Builder.DEFAULT_POLL_INTERVAL;
        private Duration leaseDuration = Notifier.Builder.DEFAULT_LEASE_DURATION;
        private Duration idempotencyWindow = Notifier.Builder.DEFAULT_IDEMPOTENCY_WINDOW;
        private Duration cancellationWindow = Notifier.Builder.DEFAULT_CANCELLATION_WINDOW;
        private long maxPayloadBytes = Notifier.Builder.DEFAULT_MAX_PAYLOAD_BYTES;
        private int maxRecipients = Notifier.Builder.DEFAULT_MAX_RECIPIENTS;
        private int maxTriggerDepth = Notifier.Builder.DEFAULT_MAX_TRIGGER_DEPTH;
        private int fanoutPageSize = Notifier.Builder.DEFAULT_FANOUT_PAGE_SIZE;
        private PreferenceSet defaultPreferences = PreferenceSet.EMPTY;
        private RecipientBudget recipientBudget = null;
        private FetchPolicy fetchPolicy = FetchPolicy.DEFAULT;
        private boolean deregisterInvalidTokens = false;
        private Tracking tracking = null;
        private List<EventWebhook> eventWebhooks = List.of();
        private Duration providerCallTimeout = Notifier.Builder.DEFAULT_PROVIDER_CALL_TIMEOUT;
        private Duration retention = null;
        private boolean strictTemplates = false;
        private io.github.knockj.core.spi.NotifierTracing tracing = io.github.knockj.core.spi.NotifierTracing.NONE;
        private java.util.Map<String, Object> templateVariables = java.util.Map.of();
        private io.github.knockj.core.Translations translations = io.github.knockj.core.Translations.NONE;
        private SharedTemplates sharedTemplates = SharedTemplates.NONE;

        private Builder() {}

        /** The id this instance leases jobs under; null lets the engine make one. */
        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        /** Whether a TestKit drives the engine by hand (no worker threads). */
        public Builder manual(boolean manual) {
            this.manual = manual;
            return this;
        }

        /** Threads executing workflow steps. */
        public Builder workerThreads(int workerThreads) {
            this.workerThreads = workerThreads;
            return this;
        }

        /** Threads calling channel providers. */
        public Builder deliveryThreads(int deliveryThreads) {
            this.deliveryThreads = deliveryThreads;
            return this;
        }

        /** Jobs claimed per store round trip. */
        public Builder claimBatchSize(int claimBatchSize) {
            this.claimBatchSize = claimBatchSize;
            return this;
        }

        /** Claimed jobs held at most at once. */
        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** How often idle workers look for due jobs. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /** How long a claimed job stays this instance's. */
        public Builder leaseDuration(Duration leaseDuration) {
            this.leaseDuration = leaseDuration;
            return this;
        }

        /** How long an idempotency key is remembered. */
        public Builder idempotencyWindow(Duration idempotencyWindow) {
            this.idempotencyWindow = idempotencyWindow;
            return this;
        }

        /** How long a cancellation waits for its trigger. */
        public Builder cancellationWindow(Duration cancellationWindow) {
            this.cancellationWindow = cancellationWindow;
            return this;
        }

        /** The largest trigger data accepted, in bytes of JSON. */
        public Builder maxPayloadBytes(long maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        /** The most recipients one trigger may name. */
        public Builder maxRecipients(int maxRecipients) {
            this.maxRecipients = maxRecipients;
            return this;
        }

        /** How deep trigger-workflow steps may nest. */
        public Builder maxTriggerDepth(int maxTriggerDepth) {
            this.maxTriggerDepth = maxTriggerDepth;
            return this;
        }

        /** Subscribers read per fan-out page. */
        public Builder fanoutPageSize(int fanoutPageSize) {
            this.fanoutPageSize = fanoutPageSize;
            return this;
        }

        /** Preferences of recipients who set none. */
        public Builder defaultPreferences(PreferenceSet defaultPreferences) {
            this.defaultPreferences = defaultPreferences;
            return this;
        }

        /** Runs allowed per recipient across workflows; null for no budget. */
        public Builder recipientBudget(RecipientBudget recipientBudget) {
            this.recipientBudget = recipientBudget;
            return this;
        }

        /** Which hosts fetch steps may call. */
        public Builder fetchPolicy(FetchPolicy fetchPolicy) {
            this.fetchPolicy = fetchPolicy;
            return this;
        }

        /** Whether tokens a provider rejects are removed from the user's channel data. */
        public Builder deregisterInvalidTokens(boolean deregisterInvalidTokens) {
            this.deregisterInvalidTokens = deregisterInvalidTokens;
            return this;
        }

        /** Link and open tracking of email; null for none. */
        public Builder tracking(Tracking tracking) {
            this.tracking = tracking;
            return this;
        }

        /** Where message events are posted. */
        public Builder eventWebhooks(List<EventWebhook> eventWebhooks) {
            this.eventWebhooks = eventWebhooks;
            return this;
        }

        /** How long one provider call may take. */
        public Builder providerCallTimeout(Duration providerCallTimeout) {
            this.providerCallTimeout = providerCallTimeout;
            return this;
        }

        /** How long finished records are kept; null keeps them. */
        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        /** Whether an undefined template variable fails the render. */
        public Builder strictTemplates(boolean strictTemplates) {
            this.strictTemplates = strictTemplates;
            return this;
        }

        /** What times the engine's work as spans. */
        public Builder tracing(io.github.knockj.core.spi.NotifierTracing tracing) {
            this.tracing = tracing;
            return this;
        }

        /** The account's variables templates see as {@code vars}, already copied frozen. */
        public Builder templateVariables(java.util.Map<String, Object> templateVariables) {
            this.templateVariables = templateVariables;
            return this;
        }

        /** The account's translations. */
        public Builder translations(io.github.knockj.core.Translations translations) {
            this.translations = translations;
            return this;
        }

        /** The email layouts of the steps and the partials, checked. */
        public Builder sharedTemplates(SharedTemplates sharedTemplates) {
            this.sharedTemplates = sharedTemplates;
            return this;
        }

        /** The config with the values set so far. */
        public EngineConfig build() {
            return new EngineConfig(this);
        }
    }

    /** Where message events are posted, and the secret they are signed with. */
    public record EventWebhook(java.net.URI url, String secret) {
        @Override
        public String toString() {
            return "EventWebhook[" + url + ", secret hidden]";
        }
    }

    /** At most {@code limit} non-required runs per {@code window} per recipient, across workflows. */
    public record RecipientBudget(int limit, Duration window) {}
}
