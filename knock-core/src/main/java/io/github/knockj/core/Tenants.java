package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import io.github.knockj.core.spi.Store;
import java.util.Optional;

/** Tenant records: {@code notifier.tenants()}. Thread-safe. */
public final class Tenants {
    private final Store store;

    Tenants(Store store) {
        this.store = store;
    }

    /** Creates or replaces a tenant. */
    public Tenant set(Tenant tenant) {
        store.putTenant(Validate.notNull("tenant", tenant));
        return tenant;
    }

    public Optional<Tenant> get(String id) {
        return store.findTenant(Validate.id("tenantId", id));
    }

    public boolean delete(String id) {
        return store.deleteTenant(Validate.id("tenantId", id));
    }
}
