package io.github.knockj.core.internal;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A map built on first use: how a recipient's fields reach a provider's {@code canReach} and
 * {@code send} and a run's templates, which most of them never read (a push provider that reaches
 * every user, a template of trigger data only); building them cost a map per recipient and call.
 * Every read and write goes to the built map, so it behaves as that map does. Thread-safe as far as
 * building goes; the built map is as thread-safe as it is.
 */
final class LazyMap extends AbstractMap<String, Object> {
    private Supplier<Map<String, Object>> source;
    private Map<String, Object> map;

    LazyMap(Supplier<Map<String, Object>> source) {
        this.source = source;
    }

    private synchronized Map<String, Object> map() {
        if (map == null) {
            map = source.get();
            source = null;
        }
        return map;
    }

    @Override public Object get(Object key) { return map().get(key); }
    @Override public boolean containsKey(Object key) { return map().containsKey(key); }
    @Override public boolean containsValue(Object value) { return map().containsValue(value); }
    @Override public int size() { return map().size(); }
    @Override public boolean isEmpty() { return map().isEmpty(); }
    @Override public Object put(String key, Object value) { return map().put(key, value); }
    @Override public Object remove(Object key) { return map().remove(key); }
    @Override public void clear() { map().clear(); }
    @Override public Set<String> keySet() { return map().keySet(); }
    @Override public Collection<Object> values() { return map().values(); }
    @Override public Set<Entry<String, Object>> entrySet() { return map().entrySet(); }
    @Override public boolean equals(Object o) { return map().equals(o); }
    @Override public int hashCode() { return map().hashCode(); }
    @Override public String toString() { return map().toString(); }
}
