package io.github.knockj.core.memory;

import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.spi.PreferenceStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * {@link PreferenceStore} of {@link InMemoryStore}: preference sets by user and set id.
 *
 * <p>Invariant: a read-modify-write ({@link #updatePreferences}) runs under the store's lock, so it
 * loses no concurrent update; reads are lock-free.
 */
final class MemoryPreferences implements PreferenceStore {
    private final ReentrantLock lock;
    private final Map<PreferenceKey, PreferenceSet> preferences = new ConcurrentHashMap<>();

    MemoryPreferences(MemoryState state) {
        this.lock = state.lock;
    }

    /** A user's preference set: a key without building a string per lookup (a fan-out looks up every recipient's). */
    private record PreferenceKey(String userId, String setId) {}

    @Override
    public PreferenceSet updatePreferences(String userId, String setId, UnaryOperator<PreferenceSet> change) {
        lock.lock();
        try {
            PreferenceKey k = new PreferenceKey(userId, setId);
            PreferenceSet next = change.apply(preferences.getOrDefault(k, PreferenceSet.EMPTY));
            preferences.put(k, next);
            return next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<PreferenceSet> findPreferences(String userId, String setId) {
        return Optional.ofNullable(preferences.get(new PreferenceKey(userId, setId)));
    }

    @Override
    public Map<String, PreferenceSet> findPreferences(Collection<String> userIds, String setId) {
        Map<String, PreferenceSet> out = new HashMap<>();
        for (String id : userIds) {
            PreferenceSet p = preferences.get(new PreferenceKey(id, setId));
            if (p != null) out.put(id, p);
        }
        return out;
    }

    /** Deletes every preference set of a user: the cascade of deleting the user. Lock held. */
    void deleteAllOf(String userId) {
        preferences.keySet().removeIf(k -> k.userId().equals(userId));
    }
}
