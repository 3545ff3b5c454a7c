package io.github.knockj.core.spi;

import io.github.knockj.core.PreferenceSet;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The store's role for preference sets: one per user and set id ({@code "default"} or a tenant id).
 *
 * <p>Invariants an implementation enforces: at most one set per user and set id; an update is a
 * read-modify-write that loses no concurrent update (the store may retry the change function).
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface PreferenceStore {
    /**
     * Atomically replaces the preference set {@code setId} of a user by {@code change} applied to the
     * stored set ({@link PreferenceSet#EMPTY} when none). {@code setId} is {@code "default"} or a tenant id.
     *
     * @param userId the user whose preferences change
     * @param setId {@code "default"} or a tenant id
     * @param change computes the new set from the stored one; it may be called more than once
     *     (a store may retry on a concurrent update), so it must have no side effects
     * @return the preference set as stored after the change
     */
    PreferenceSet updatePreferences(String userId, String setId, UnaryOperator<PreferenceSet> change);

    /**
     * Looks up one preference set of a user.
     *
     * @param userId the user
     * @param setId {@code "default"} or a tenant id
     * @return the stored set, or empty if the user has none with that id
     */
    Optional<PreferenceSet> findPreferences(String userId, String setId);

    /**
     * The preference sets {@code setId} of the given users that exist, keyed by user id (one round trip).
     *
     * @param userIds the users
     * @param setId {@code "default"} or a tenant id
     * @return the stored sets keyed by user id; users without such a set are left out
     */
    Map<String, PreferenceSet> findPreferences(Collection<String> userIds, String setId);
}
