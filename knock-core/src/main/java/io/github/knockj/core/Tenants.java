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

    /**
     * Creates or replaces a tenant.
     *
     * @param tenant the tenant
     * @return the tenant as given
     */
    public Tenant set(Tenant tenant) {
        store.putTenant(Validate.notNull("tenant", tenant));
        return tenant;
    }

    /**
     * Looks up a tenant.
     *
     * @param id the tenant id
     * @return the tenant, or empty if there is none
     * @throws InvalidInputException if the id is null, blank or too long
     */
    public Optional<Tenant> get(String id) {
        return store.findTenant(Validate.id("tenantId", id));
    }

    /**
     * Deletes a tenant; its users' preference sets for it stay.
     *
     * @param id the tenant id
     * @return true if the tenant existed
     * @throws InvalidInputException if the id is null, blank or too long
     */
    public boolean delete(String id) {
        return store.deleteTenant(Validate.id("tenantId", id));
    }
}
