package io.github.knockj.jdbc.internal;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.internal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How model values become column values and back: epoch milliseconds, JSON text, recipient keys. */
final class Codec {
    private Codec() {}

    static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    static String json(Object value) {
        return Json.write(value);
    }

    static Map<String, Object> map(String json) {
        return Json.readMap(json);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> mapOfMaps(String json) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        map(json).forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of()));
        return out;
    }

    static String recipients(List<Recipient> recipients) {
        List<String> keys = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) keys.add(r.key());
        return Json.write(keys);
    }

    static List<Recipient> recipients(String json) {
        List<Recipient> out = new ArrayList<>();
        if (Json.read(json) instanceof List<?> keys) {
            for (Object k : keys) out.add(Recipient.fromKey((String) k));
        }
        return out;
    }

    /** Categories as {@code #a#b#}: ids never hold '#', so {@code LIKE '%#a#%'} finds one exactly. */
    static String categories(List<String> categories) {
        StringBuilder b = new StringBuilder("#");
        for (String c : categories) b.append(c).append('#');
        return b.toString();
    }

    static List<String> categories(String stored) {
        List<String> out = new ArrayList<>();
        for (String c : stored.split("#")) {
            if (!c.isEmpty()) out.add(c);
        }
        return out;
    }

    static String categoryPattern(String category) {
        return "#" + category + "#";
    }
}
