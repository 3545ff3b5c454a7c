package io.github.knockj.core.memory;

import io.github.knockj.core.KnockObject;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.Subscription;
import io.github.knockj.core.User;
import io.github.knockj.core.spi.RecipientStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link RecipientStore} of {@link InMemoryStore}: users, objects and subscriptions (an object's
 * subscribers sorted by user id, for fan-out pages).
 *
 * <p>Invariants: a merge applies over the stored record under the store's lock; deleting a user
 * removes its subscriptions and its preference sets ({@link MemoryPreferences#deleteAllOf}) in the
 * same locked step; deleting an object removes its subscriptions. Reads are lock-free.
 */
final class MemoryRecipients implements RecipientStore {
    private final ReentrantLock lock;
    private final MemoryPreferences preferences;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<ObjectRef, KnockObject> objects = new ConcurrentHashMap<>();
    private final Map<ObjectRef, ConcurrentSkipListMap<String, Subscription>> subscriptions = new ConcurrentHashMap<>();

    MemoryRecipients(MemoryState state, MemoryPreferences preferences) {
        this.lock = state.lock;
        this.preferences = preferences;
    }

    @Override
    public List<User> mergeUsers(List<User> updates, Instant now) {
        lock.lock();
        try {
            List<User> out = new ArrayList<>(updates.size());
            for (User u : updates) {
                User existing = users.get(u.id());
                User stored = existing == null ? u.toBuilder().createdAt(now).updatedAt(now).build() : existing.mergedWith(u, now);
                users.put(stored.id(), stored);
                out.add(stored);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<User> findUser(String id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public Map<String, User> findUsers(Collection<String> ids) {
        Map<String, User> out = new HashMap<>();
        for (String id : ids) {
            User u = users.get(id);
            if (u != null) out.put(id, u);
        }
        return out;
    }

    @Override
    public boolean deleteUser(String id) {
        lock.lock();
        try {
            if (users.remove(id) == null) return false;
            subscriptions.values().forEach(m -> m.remove(id));
            preferences.deleteAllOf(id);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public KnockObject mergeObject(KnockObject update, Instant now) {
        lock.lock();
        try {
            KnockObject existing = objects.get(update.ref());
            KnockObject stored = existing == null
                    ? new KnockObject(update.ref(), update.properties(), update.channelData(), now, now)
                    : existing.mergedWith(update, now);
            objects.put(stored.ref(), stored);
            return stored;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<KnockObject> findObject(ObjectRef ref) {
        return Optional.ofNullable(objects.get(ref));
    }

    @Override
    public boolean deleteObject(ObjectRef ref) {
        lock.lock();
        try {
            subscriptions.remove(ref);
            return objects.remove(ref) != null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void subscribe(List<Subscription> subs) {
        lock.lock();
        try {
            for (Subscription s : subs) {
                subscriptions.computeIfAbsent(s.object(), k -> new ConcurrentSkipListMap<>()).put(s.userId(), s);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int unsubscribe(ObjectRef ref, Collection<String> userIds) {
        lock.lock();
        try {
            Map<String, Subscription> m = subscriptions.get(ref);
            if (m == null) return 0;
            int n = 0;
            for (String id : userIds) {
                if (m.remove(id) != null) n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Subscription> subscribers(ObjectRef ref, String afterUserId, String throughUserId, int limit) {
        ConcurrentSkipListMap<String, Subscription> m = subscriptions.get(ref);
        if (m == null) return List.of();
        NavigableMap<String, Subscription> tail = afterUserId == null ? m : m.tailMap(afterUserId, false);
        if (throughUserId != null) tail = tail.headMap(throughUserId, true);
        List<Subscription> out = new ArrayList<>(Math.min(limit, 1024));
        for (Subscription s : tail.values()) {
            if (out.size() >= limit) break;
            out.add(s);
        }
        return out;
    }

    @Override
    public List<Subscription> subscriptionsOf(String userId) {
        List<Subscription> out = new ArrayList<>();
        for (ConcurrentSkipListMap<String, Subscription> m : subscriptions.values()) {
            Subscription s = m.get(userId);
            if (s != null) out.add(s);
        }
        out.sort(Comparator.comparing((Subscription s) -> s.object().collection()).thenComparing(s -> s.object().id()));
        return out;
    }
}
