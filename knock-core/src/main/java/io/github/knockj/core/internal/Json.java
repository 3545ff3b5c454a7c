package io.github.knockj.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.KnockException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * JSON-compatible values: the shape every piece of user data takes (trigger data, properties,
 * channel data). Maps and lists are copied into unmodifiable ones, so stored data cannot change
 * behind the engine's back. Strings and keys must be text every store keeps exactly
 * ({@link Validate#text}: no NUL, no unpaired surrogate).
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final int MAX_DEPTH = 64;

    private Json() {}

    /** A deep, unmodifiable copy of {@code map}; rejects values JSON cannot hold, naming the path. */
    public static Map<String, Object> copyMap(String field, Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        return copyMap(field, map, 0);
    }

    private static Map<String, Object> copyMap(String field, Map<?, ?> map, int depth) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 4 / 3 + 1));
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new InvalidInputException(field, "map keys must be strings, found " + describe(e.getKey()));
            }
            Validate.text(field + " key", key);
            out.put(key, copyValue(field + "." + key, e.getValue(), depth + 1));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A JSON-compatible, unmodifiable copy of one value. */
    public static Object copyValue(String field, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidInputException(field, "is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Double || v instanceof BigDecimal || v instanceof BigInteger || v instanceof Short
                || v instanceof Byte || v instanceof Float) {
            if (v instanceof Double d && (d.isNaN() || d.isInfinite()) || v instanceof Float f && (f.isNaN() || f.isInfinite())) {
                throw new InvalidInputException(field, "is not a finite number: " + v);
            }
            if (v instanceof String s) Validate.text(field, s);
            return v;
        }
        if (v instanceof CharSequence || v instanceof Enum<?> || v instanceof TemporalAccessor || v instanceof UUID) {
            return Validate.text(field, v.toString());
        }
        if (v instanceof Map<?, ?> m) {
            return copyMap(field, m, depth);
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            int i = 0;
            for (Object item : c) {
                out.add(copyValue(field + "[" + i++ + "]", item, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Object[] arr) {
            return copyValue(field, List.of(arr), depth);
        }
        throw new InvalidInputException(field, "is not JSON-compatible: " + describe(v));
    }

    private static String describe(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }

    /**
     * {@code base} with {@code update} merged in: nested maps merge recursively, a null in
     * {@code update} removes the key, anything else replaces.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> update) {
        if (update.isEmpty()) {
            return base;
        }
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> e : update.entrySet()) {
            Object nv = e.getValue();
            if (nv == null) {
                out.remove(e.getKey());
            } else if (nv instanceof Map<?, ?> nm && out.get(e.getKey()) instanceof Map<?, ?> om) {
                out.put(e.getKey(), deepMerge((Map<String, Object>) om, (Map<String, Object>) nm));
            } else {
                out.put(e.getKey(), nv);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** {@code base} with the top-level keys of {@code update} written over it. */
    public static Map<String, Object> shallowMerge(Map<String, Object> base, Map<String, Object> update) {
        if (update.isEmpty()) return base;
        if (base.isEmpty()) return update;
        Map<String, Object> out = new LinkedHashMap<>(base);
        out.putAll(update);
        return Collections.unmodifiableMap(out);
    }

    /** A JSON text of {@code value} with every map's keys sorted, for fingerprints. */
    public static String canonical(Object value) {
        return write(sorted(value));
    }

    private static Object sorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            java.util.TreeMap<String, Object> t = new java.util.TreeMap<>();
            m.forEach((k, x) -> t.put(String.valueOf(k), sorted(x)));
            return t;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object x : c) out.add(sorted(x));
            return out;
        }
        return v;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new KnockException("could not write JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new KnockException("could not write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses a JSON object into an unmodifiable map; null or blank gives an empty map. */
    public static Map<String, Object> readMap(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return copyMap("json", MAPPER.readValue(json, MAP));
        } catch (JsonProcessingException e) {
            throw new KnockException("could not read JSON object: " + e.getOriginalMessage(), e);
        }
    }

    public static Object read(String json) {
        try {
            return copyValue("json", MAPPER.readValue(json, Object.class), 0);
        } catch (JsonProcessingException e) {
            throw new KnockException("could not read JSON: " + e.getOriginalMessage(), e);
        }
    }
}
