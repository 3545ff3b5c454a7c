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

    /** Replaces a user's default set. */
    public PreferenceSet set(String userId, PreferenceSet preferences) {
        return store.updatePreferences(Validate.id("userId", userId), DEFAULT_SET, old -> Validate.notNull("preferences", preferences));
    }

    /** Replaces a user's set for one tenant. */
    public PreferenceSet set(String userId, String tenantId, PreferenceSet preferences) {
        return store.updatePreferences(Validate.id("userId", userId), tenantSet(tenantId), old -> Validate.notNull("preferences", preferences));
    }

    /** Layers {@code changes} over a user's stored default set (keys in {@code changes} win), atomically. */
    public PreferenceSet merge(String userId, PreferenceSet changes) {
        Validate.notNull("preferences", changes);
        return store.updatePreferences(Validate.id("userId", userId), DEFAULT_SET, changes::over);
    }

    /** Layers {@code changes} over a user's stored set for one tenant, atomically. */
    public PreferenceSet merge(String userId, String tenantId, PreferenceSet changes) {
        Validate.notNull("preferences", changes);
        return store.updatePreferences(Validate.id("userId", userId), tenantSet(tenantId), changes::over);
    }

    public Optional<PreferenceSet> get(String userId) {
        return store.findPreferences(Validate.id("userId", userId), DEFAULT_SET);
    }

    public Optional<PreferenceSet> get(String userId, String tenantId) {
        return store.findPreferences(Validate.id("userId", userId), tenantSet(tenantId));
    }

    private static String tenantSet(String tenantId) {
        Validate.id("tenantId", tenantId);
        if (DEFAULT_SET.equals(tenantId)) throw new InvalidInputException("tenantId", "'" + DEFAULT_SET + "' is reserved");
        return tenantId;
    }
}
