package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.PreferenceSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Certifies {@link io.github.knockj.core.spi.PreferenceStore PreferenceStore}, method by method,
 * without an engine: preference sets replaced atomically through a change function that sees the old
 * set, and found singly and in bulk per set id.
 *
 * <p>It needs no other role. A store certifies this role by extending this class and implementing
 * {@link #newStore()}; see {@link RoleContractTestBase} for the fixtures.
 */
public abstract class PreferenceStoreContractTest extends RoleContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected PreferenceStoreContractTest() {}

    @Test
    void preferencesAreReplacedAtomicallyAndFoundInBulk() {
        PreferenceSet p1 = PreferenceSet.builder().channelType(ChannelType.SMS, false).category("marketing", false).build();
        store.updatePreferences("ada", "default", old -> {
            assertThat(old).isEqualTo(PreferenceSet.EMPTY);
            return p1;
        });
        store.updatePreferences("ada", "acme", old -> PreferenceSet.builder().channel("email", false).build());
        store.updatePreferences("bob", "default", old -> PreferenceSet.builder().workflow("digest", false).build());
        PreferenceSet merged = store.updatePreferences("ada", "default", old -> PreferenceSet.builder().channel("push", false).build().over(old));
        assertThat(store.findPreferences("ada", "default")).hasValue(merged);
        assertThat(merged.channelTypes()).containsEntry(ChannelType.SMS, false);
        assertThat(merged.channels()).containsEntry("push", false);
        assertThat(store.findPreferences(List.of("ada", "bob", "cy"), "default").keySet()).containsExactlyInAnyOrder("ada", "bob");
        assertThat(store.findPreferences(List.of("ada", "bob"), "acme").keySet()).containsExactly("ada");
    }
}
