package io.github.knockj.core;

import io.github.knockj.core.internal.Json;
import io.github.knockj.core.internal.Validate;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant (an account or workspace of the application). A trigger's tenant scopes feeds and picks
 * tenant preference sets; {@code properties} (such as branding) reach templates as {@code tenant}.
 *
 * @param id tenant id
 * @param name display name, may be null
 * @param timezone IANA zone used for send windows when the recipient has none, may be null
 * @param properties custom settings such as branding; JSON-compatible
 * @param defaultPreferences preferences that apply under this tenant beneath each user's own, may be null
 */
public record Tenant(String id, String name, String timezone, Map<String, Object> properties, PreferenceSet defaultPreferences) {
    public Tenant {
        Validate.id("tenant.id", id);
        Validate.text("tenant.name", name);
        Validate.timezone("tenant.timezone", timezone);
        properties = Json.copyMap("tenant.properties", properties);
    }

    public static Tenant of(String id) {
        return new Tenant(id, null, null, Map.of(), null);
    }

    public Tenant withName(String name) {
        return new Tenant(id, name, timezone, properties, defaultPreferences);
    }

    public Tenant withTimezone(String timezone) {
        return new Tenant(id, name, timezone, properties, defaultPreferences);
    }

    public Tenant withProperties(Map<String, ?> properties) {
        return new Tenant(id, name, timezone, Json.copyMap("tenant.properties", properties), defaultPreferences);
    }

    public Tenant withDefaultPreferences(PreferenceSet preferences) {
        return new Tenant(id, name, timezone, properties, preferences);
    }

    public Optional<PreferenceSet> preferences() {
        return Optional.ofNullable(defaultPreferences);
    }

    /** The values templates see as {@code tenant}. */
    public Map<String, Object> toTemplateMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>(properties);
        m.put("id", id);
        if (name != null) m.put("name", name);
        return m;
    }
}
