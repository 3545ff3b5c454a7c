package io.github.knockj.channels.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads values out of a recipient's channel data, which is JSON-shaped and untrusted. Not a public API. */
public final class ChannelData {
    private ChannelData() {}

    /** The non-blank string at {@code key}, or null. */
    public static String string(Map<String, Object> data, String key) {
        Object v = data == null ? null : data.get(key);
        return v instanceof String s && !s.isBlank() ? s.strip() : null;
    }

    /** The non-blank strings in the collection at {@code key}, in order; empty if absent. */
    public static List<String> strings(Map<String, Object> data, String key) {
        Object v = data == null ? null : data.get(key);
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            for (Object o : c) if (o instanceof String s && !s.isBlank()) out.add(s.strip());
        }
        return out;
    }
}
