package io.github.knockj.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.KnockException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How model values become column values and back: epoch milliseconds, JSON text, recipient keys.
 * JSON is plain Jackson text (map entries in insertion order, numbers as Jackson reads them), the
 * form every earlier version wrote; values read back are unmodifiable deep copies.
 */
final class Codec {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private Codec() {}

    static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new KnockException("could not write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON object as an unmodifiable map; null or blank text gives an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(String json) {
        if (json == null || json.isBlank()) return Map.of();
        try {
            Map<String, Object> m = MAPPER.readValue(json, MAP);
            return m == null ? Map.of() : (Map<String, Object>) frozen(m);
        } catch (JsonProcessingException e) {
            throw new KnockException("could not read JSON object: " + e.getOriginalMessage(), e);
        }
    }

    private static Object read(String json) {
        try {
            return frozen(MAPPER.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new KnockException("could not read JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code v} with every map and list in it made unmodifiable (maps keep their order). */
    private static Object frozen(Object v) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) return Map.of();
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 4 / 3 + 1));
            m.forEach((k, x) -> out.put((String) k, frozen(x)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object x : c) out.add(frozen(x));
            return Collections.unmodifiableList(out);
        }
        return v;
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
        return json(keys);
    }

    static List<Recipient> recipients(String json) {
        List<Recipient> out = new ArrayList<>();
        if (read(json) instanceof List<?> keys) {
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
