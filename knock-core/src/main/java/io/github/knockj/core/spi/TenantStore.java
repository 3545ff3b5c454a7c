package io.github.knockj.core.spi;

import io.github.knockj.core.Tenant;
import java.util.Optional;

/**
 * The store's role for tenants: created, replaced, looked up and deleted by id.
 *
 * <p>Invariants an implementation enforces: at most one tenant per id; a put replaces it whole.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface TenantStore {
    /**
     * Creates or replaces a tenant.
     *
     * @param tenant the tenant, replacing any stored one with the same id
     */
    void putTenant(Tenant tenant);

    /**
     * Looks up one tenant.
     *
     * @param id the tenant id
     * @return the tenant, or empty if there is none
     */
    Optional<Tenant> findTenant(String id);

    /**
     * Deletes a tenant.
     *
     * @param id the tenant id
     * @return true if the tenant existed, false if there was none
     */
    boolean deleteTenant(String id);
}
