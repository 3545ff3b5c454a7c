package io.github.knockj.core.memory;

import io.github.knockj.core.Tenant;
import io.github.knockj.core.spi.TenantStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link TenantStore} of {@link InMemoryStore}: tenants by id.
 *
 * <p>Invariant: one tenant per id. Each operation is one atomic step of a concurrent map, so it needs
 * no lock and shares no state with the other roles.
 */
final class MemoryTenants implements TenantStore {
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    @Override
    public void putTenant(Tenant tenant) {
        tenants.put(tenant.id(), tenant);
    }

    @Override
    public Optional<Tenant> findTenant(String id) {
        return Optional.ofNullable(tenants.get(id));
    }

    @Override
    public boolean deleteTenant(String id) {
        return tenants.remove(id) != null;
    }
}
