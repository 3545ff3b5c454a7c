package io.github.knockj.core;

import io.github.knockj.core.internal.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object users subscribe to, with custom properties and per-channel data.
 *
 * @param ref the object's collection and id
 * @param properties custom properties (deep-merged on write, a null value removes a key)
 * @param channelData per-channel data keyed by channel key
 * @param createdAt when first stored, or null before
 * @param updatedAt when last written, or null before
 */
public record KnockObject(ObjectRef ref, Map<String, Object> properties, Map<String, Map<String, Object>> channelData,
                          Instant createdAt, Instant updatedAt) {
    /**
     * Copies the properties and channel data (null reads as empty).
     *
     * @param ref the object's collection and id
     * @param properties custom properties (deep-merged on write, a null value removes a key)
     * @param channelData per-channel data keyed by channel key
     * @param createdAt when first stored, or null before
     * @param updatedAt when last written, or null before
     * @throws InvalidInputException if a property or channel data value is not JSON-compatible
     */
    public KnockObject {
        properties = Json.copyMap("object.properties", properties);
        Map<String, Map<String, Object>> cd = new LinkedHashMap<>();
        if (channelData != null) channelData.forEach((k, v) -> cd.put(k, Json.copyMap("object.channelData." + k, v)));
        channelData = Map.copyOf(cd);
    }

    /**
     * An object with properties and no channel data, not yet stored.
     *
     * @param ref the object's collection and id
     * @param properties JSON-compatible properties, or null for none
     * @return the object
     */
    public static KnockObject of(ObjectRef ref, Map<String, ?> properties) {
        return new KnockObject(ref, Json.copyMap("object.properties", properties), Map.of(), null, null);
    }

    /**
     * This object's stored values updated by {@code update}, merged the way users merge.
     *
     * @param update the properties and channel data to merge; its ref is ignored
     * @param now the new {@code updatedAt}
     * @return a new object; this one is unchanged
     */
    public KnockObject mergedWith(KnockObject update, Instant now) {
        Map<String, Map<String, Object>> cd = new LinkedHashMap<>(channelData);
        cd.putAll(update.channelData);
        return new KnockObject(ref, Json.deepMerge(properties, update.properties), cd, createdAt, now);
    }

    /**
     * The values templates see as {@code recipient} when the object is the recipient.
     *
     * @return the custom properties plus {@code id} and {@code collection}
     */
    public Map<String, Object> toTemplateMap() {
        Map<String, Object> m = new LinkedHashMap<>(properties);
        m.put("id", ref.id());
        m.put("collection", ref.collection());
        return m;
    }
}
