package io.github.knockj.jdbc.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Caches the hot reads of one store — users, tenants, preference sets, absent ones included — for
 * at most a TTL after they were read.
 *
 * <p>Only committed data is cached: every read runs in a transaction of its own. Writes made through
 * the same store invalidate their keys after their transaction has committed, and a read racing such
 * a write never caches what it read: readers note the write epoch before going to the database and
 * store their result (in {@code compute}, which excludes a concurrent invalidation of the same key)
 * only if no write has finished since. Writes by other processes, or through a {@link #joined()}
 * view whose transaction commits later, are seen once the entry expires: at most the TTL after the
 * write commits.
 */
public final class ReadCache {
    /** Caches nothing; every read goes to the database. */
    public static final ReadCache DISABLED = new ReadCache(null, null, null, false);

    private record PreferenceKey(String userId, String setId) {}

    private final Cache<String, Optional<User>> users;
    private final Cache<String, Optional<Tenant>> tenants;
    private final Cache<PreferenceKey, Optional<PreferenceSet>> preferences;
    /** False for a view: it invalidates the shared caches on write but never reads or fills them. */
    private final boolean readable;
    private final AtomicLong epoch;

    private ReadCache(Cache<String, Optional<User>> users, Cache<String, Optional<Tenant>> tenants,
                      Cache<PreferenceKey, Optional<PreferenceSet>> preferences, boolean readable) {
        this(users, tenants, preferences, readable, new AtomicLong());
    }

    private ReadCache(Cache<String, Optional<User>> users, Cache<String, Optional<Tenant>> tenants,
                      Cache<PreferenceKey, Optional<PreferenceSet>> preferences, boolean readable, AtomicLong epoch) {
        this.users = users;
        this.tenants = tenants;
        this.preferences = preferences;
        this.readable = readable;
        this.epoch = epoch;
    }

    /** A cache whose entries expire {@code ttl} after they were read, at most {@code maximumSize} per kind; disabled if ttl is zero. */
    public static ReadCache create(Duration ttl, long maximumSize) {
        if (ttl.isZero() || maximumSize == 0) return DISABLED;
        return new ReadCache(build(ttl, maximumSize), build(ttl, maximumSize), build(ttl, maximumSize), true);
    }

    private static <K, V> Cache<K, V> build(Duration ttl, long maximumSize) {
        return Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).build();
    }

    /**
     * The view for a store bound to a transaction the application commits: reads bypass the cache
     * (they may see that transaction's uncommitted writes), writes invalidate the shared entries.
     */
    public ReadCache joined() {
        return users == null ? DISABLED : new ReadCache(users, tenants, preferences, false, epoch);
    }

    // ---------------------------------------------------------------- reads

    public Optional<User> user(String id, Supplier<Optional<User>> load) {
        return one(users, id, load);
    }

    public Map<String, User> users(Collection<String> ids, Function<Collection<String>, Map<String, User>> load) {
        return many(users, ids, Function.identity(), load);
    }

    public Optional<Tenant> tenant(String id, Supplier<Optional<Tenant>> load) {
        return one(tenants, id, load);
    }

    public Optional<PreferenceSet> preferences(String userId, String setId, Supplier<Optional<PreferenceSet>> load) {
        return one(preferences, new PreferenceKey(userId, setId), load);
    }

    public Map<String, PreferenceSet> preferences(Collection<String> userIds, String setId,
                                                  Function<Collection<String>, Map<String, PreferenceSet>> load) {
        return many(preferences, userIds, id -> new PreferenceKey(id, setId), load);
    }

    private <K, V> Optional<V> one(Cache<K, Optional<V>> cache, K key, Supplier<Optional<V>> load) {
        if (!readable) return load.get();
        Optional<V> hit = cache.getIfPresent(key);
        if (hit != null) return hit;
        long seen = epoch.get();
        Optional<V> loaded = load.get();
        offer(cache, key, loaded, seen);
        return loaded;
    }

    private <K, V> Map<String, V> many(Cache<K, Optional<V>> cache, Collection<String> ids, Function<String, K> keyOf,
                                       Function<Collection<String>, Map<String, V>> load) {
        if (!readable || ids.isEmpty()) return load.apply(ids);
        Map<String, V> out = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            Optional<V> hit = cache.getIfPresent(keyOf.apply(id));
            if (hit == null) missing.add(id);
            else hit.ifPresent(v -> out.put(id, v));
        }
        if (missing.isEmpty()) return out;
        long seen = epoch.get();
        Map<String, V> loaded = load.apply(missing);
        for (String id : missing) {
            V v = loaded.get(id);
            offer(cache, keyOf.apply(id), Optional.ofNullable(v), seen);
            if (v != null) out.put(id, v);
        }
        return out;
    }

    /** Caches a value read when the epoch was {@code seen}, unless a write has finished since. */
    private <K, V> void offer(Cache<K, Optional<V>> cache, K key, Optional<V> value, long seen) {
        if (epoch.get() != seen) return;
        cache.asMap().compute(key, (k, old) -> epoch.get() == seen ? value : old);
    }

    // ---------------------------------------------------------------- invalidation, after the write's transaction

    public void usersWritten(Collection<String> ids) {
        if (users == null) return;
        epoch.incrementAndGet();
        users.invalidateAll(ids);
    }

    /** A deleted user takes its preference sets with it. */
    public void userDeleted(String id) {
        if (users == null) return;
        epoch.incrementAndGet();
        users.invalidate(id);
        preferences.asMap().keySet().removeIf(k -> k.userId().equals(id));
    }

    public void tenantWritten(String id) {
        if (tenants == null) return;
        epoch.incrementAndGet();
        tenants.invalidate(id);
    }

    public void preferencesWritten(String userId, String setId) {
        if (preferences == null) return;
        epoch.incrementAndGet();
        preferences.invalidate(new PreferenceKey(userId, setId));
    }

    /** Ids of users, for invalidation after a merge. */
    public static Set<String> idsOf(Collection<User> users) {
        Set<String> ids = new LinkedHashSet<>();
        for (User u : users) if (u != null) ids.add(u.id());
        return ids;
    }
}
