package io.github.knockj.core.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map of a few entries in insertion order, kept in one array of alternating keys and
 * values: what a run's state ({@code messages}, {@code batch_id}, attempt counters) is stored as. A
 * fan-out keeps one state per recipient, and a {@code LinkedHashMap} in an unmodifiable wrapper cost
 * ~200 bytes for one entry where this costs ~40. Lookups scan the array, so it is meant for a handful
 * of keys. Keys are non-null; values may be null. Equal to any map with the same entries.
 */
final class SmallMap extends AbstractMap<String, Object> {
    private static final SmallMap EMPTY = new SmallMap(new Object[0]);

    /** Keys at even indexes, values at the odd index after each. */
    private final Object[] kv;

    private SmallMap(Object[] kv) {
        this.kv = kv;
    }

    /** {@code map} itself if it is a SmallMap, else a copy of it in its iteration order. */
    @SuppressWarnings("unchecked")
    static SmallMap copyOf(Map<String, ?> map) {
        if (map instanceof SmallMap s) return s;
        if (map.isEmpty()) return EMPTY;
        Object[] kv = new Object[map.size() * 2];
        int i = 0;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            kv[i++] = java.util.Objects.requireNonNull(e.getKey(), "key");
            kv[i++] = e.getValue();
        }
        return new SmallMap(kv);
    }

    /** A map with {@code key} set to {@code value}: in place if present, else appended. */
    SmallMap with(String key, Object value) {
        int at = indexOf(key);
        Object[] next;
        if (at >= 0) {
            if (kv[at + 1] == value) return this;
            next = kv.clone();
        } else {
            next = java.util.Arrays.copyOf(kv, kv.length + 2);
            at = kv.length;
            next[at] = key;
        }
        next[at + 1] = value;
        return new SmallMap(next);
    }

    /** A map without {@code key}. */
    SmallMap without(String key) {
        int at = indexOf(key);
        if (at < 0) return this;
        if (kv.length == 2) return EMPTY;
        Object[] next = new Object[kv.length - 2];
        System.arraycopy(kv, 0, next, 0, at);
        System.arraycopy(kv, at + 2, next, at, kv.length - at - 2);
        return new SmallMap(next);
    }

    private int indexOf(Object key) {
        for (int i = 0; i < kv.length; i += 2) if (kv[i].equals(key)) return i;
        return -1;
    }

    @Override
    public Object get(Object key) {
        int at = indexOf(key);
        return at < 0 ? null : kv[at + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return kv.length / 2;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return kv.length / 2;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < kv.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (i >= kv.length) throw new NoSuchElementException();
                        Entry<String, Object> e = new SimpleImmutableEntry<>((String) kv[i], kv[i + 1]);
                        i += 2;
                        return e;
                    }
                };
            }
        };
    }
}
