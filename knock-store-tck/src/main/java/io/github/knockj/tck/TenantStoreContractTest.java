package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Tenant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Certifies {@link io.github.knockj.core.spi.TenantStore TenantStore}, method by method, without an
 * engine: tenants put, found and deleted with their settings and default preferences.
 *
 * <p>It needs no other role. A store certifies this role by extending this class and implementing
 * {@link #newStore()}; see {@link RoleContractTestBase} for the fixtures.
 */
public abstract class TenantStoreContractTest extends RoleContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected TenantStoreContractTest() {}

    @Test
    void tenantsArePutFoundAndDeleted() {
        Tenant acme = Tenant.of("acme").withName("Acme").withTimezone("America/New_York").withProperties(Map.of("brand", Map.of("color", "red")))
                .withDefaultPreferences(PreferenceSet.builder().category("marketing", false).build());
        store.putTenant(acme);
        assertThat(store.findTenant("acme")).hasValue(acme);
        assertThat(store.deleteTenant("acme")).isTrue();
        assertThat(store.findTenant("acme")).isEmpty();
    }
}
