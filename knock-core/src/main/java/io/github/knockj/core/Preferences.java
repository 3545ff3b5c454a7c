package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import io.github.knockj.core.spi.Store;
import java.util.Optional;

/**
 * Users' preference sets: {@code notifier.preferences()}. Each user has a default set and may have
 * one per tenant. Writes replace the set; {@link #merge} layers changes over the stored set.
 * Thread-safe.
 */
public final class Preferences {
    /** The id of a user's default (tenant-less) preference set. */
    public static final String DEFAULT_SET = "default";

    private final Store store;

    Preferences(Store store) {
        this.store = store;
    }

    /**
     * Replaces a user's default set.
     *
     * @param userId the user, who need not exist yet
     * @param preferences the new set
     * @return the set as stored
     * @throws InvalidInputException if the user id is invalid or the set null
     */
    public PreferenceSet set(String userId, PreferenceSet preferences) {
        return store.updatePreferences(Validate.id("userId", userId), DEFAULT_SET, old -> Validate.notNull("preferences", preferences));
    }

    /**
     * Replaces a user's set for one tenant.
     *
     * @param userId the user, who need not exist yet
     * @param tenantId the tenant; {@value #DEFAULT_SET} is reserved
     * @param preferences the new set
     * @return the set as stored
     * @throws InvalidInputException if an id is invalid or the set null
     */
    public PreferenceSet set(String userId, String tenantId, PreferenceSet preferences) {
        return store.updatePreferences(Validate.id("userId", userId), tenantSet(tenantId), old -> Validate.notNull("preferences", preferences));
    }

    /**
     * Layers {@code changes} over a user's stored default set (keys in {@code changes} win), atomically.
     *
     * @param userId the user, who need not exist yet
     * @param changes the settings to layer over the stored set
     * @return the set as stored after the merge
     * @throws InvalidInputException if the user id is invalid or the changes null
     */
    public PreferenceSet merge(String userId, PreferenceSet changes) {
        Validate.notNull("preferences", changes);
        return store.updatePreferences(Validate.id("userId", userId), DEFAULT_SET, changes::over);
    }

    /**
     * Layers {@code changes} over a user's stored set for one tenant, atomically.
     *
     * @param userId the user, who need not exist yet
     * @param tenantId the tenant; {@value #DEFAULT_SET} is reserved
     * @param changes the settings to layer over the stored set
     * @return the set as stored after the merge
     * @throws InvalidInputException if an id is invalid or the changes null
     */
    public PreferenceSet merge(String userId, String tenantId, PreferenceSet changes) {
        Validate.notNull("preferences", changes);
        return store.updatePreferences(Validate.id("userId", userId), tenantSet(tenantId), changes::over);
    }

    /**
     * Reads a user's default set (as stored, without tenant or environment defaults).
     *
     * @param userId the user
     * @return the set, or empty if the user has none
     */
    public Optional<PreferenceSet> get(String userId) {
        return store.findPreferences(Validate.id("userId", userId), DEFAULT_SET);
    }

    /**
     * Reads a user's set for one tenant (as stored, without the default layers).
     *
     * @param userId the user
     * @param tenantId the tenant
     * @return the set, or empty if the user has none for that tenant
     */
    public Optional<PreferenceSet> get(String userId, String tenantId) {
        return store.findPreferences(Validate.id("userId", userId), tenantSet(tenantId));
    }

    private static String tenantSet(String tenantId) {
        Validate.id("tenantId", tenantId);
        if (DEFAULT_SET.equals(tenantId)) throw new InvalidInputException("tenantId", "'" + DEFAULT_SET + "' is reserved");
        return tenantId;
    }
}
