package io.github.knockj.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.FetchPolicy;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.PreferenceSet;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's settings are given by name; what is not given keeps the Notifier's default. */
class EngineConfigTest {
    @Test
    void unsetValuesKeepTheNotifierDefaults() {
        EngineConfig c = EngineConfig.builder().build();
        assertThat(c.workerThreads()).isEqualTo(Notifier.Builder.DEFAULT_WORKER_THREADS);
        assertThat(c.claimBatchSize()).isEqualTo(Notifier.Builder.DEFAULT_CLAIM_BATCH_SIZE);
        assertThat(c.leaseDuration()).isEqualTo(Notifier.Builder.DEFAULT_LEASE_DURATION);
        assertThat(c.fanoutPageSize()).isEqualTo(Notifier.Builder.DEFAULT_FANOUT_PAGE_SIZE);
        assertThat(c.providerCallTimeout()).isEqualTo(Notifier.Builder.DEFAULT_PROVIDER_CALL_TIMEOUT);
        assertThat(c.defaultPreferences()).isEqualTo(PreferenceSet.EMPTY);
        assertThat(c.fetchPolicy()).isEqualTo(FetchPolicy.DEFAULT);
        assertThat(c.eventWebhooks()).isEmpty();
        assertThat(c.nodeId()).isNull();
        assertThat(c.retention()).isNull();
        assertThat(c.manual()).isFalse();
    }

    @Test
    void namedValuesAreKeptAndTheWebhookListIsCopied() {
        List<EngineConfig.EventWebhook> hooks = new ArrayList<>(List.of(new EngineConfig.EventWebhook(URI.create("https://x.test/h"), "s")));
        EngineConfig c = EngineConfig.builder().nodeId("n1").manual(true).maxRecipients(7)
                .retention(Duration.ofDays(3)).eventWebhooks(hooks).build();
        hooks.clear();
        assertThat(c.nodeId()).isEqualTo("n1");
        assertThat(c.manual()).isTrue();
        assertThat(c.maxRecipients()).isEqualTo(7);
        assertThat(c.retention()).isEqualTo(Duration.ofDays(3));
        assertThat(c.eventWebhooks()).hasSize(1);
        assertThatThrownBy(() -> c.eventWebhooks().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
