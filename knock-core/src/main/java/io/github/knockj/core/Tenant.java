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
    /**
     * Validates the tenant and copies its properties.
     *
     * @param id tenant id
     * @param name display name, may be null
     * @param timezone IANA zone used for send windows when the recipient has none, may be null
     * @param properties custom settings such as branding; JSON-compatible
     * @param defaultPreferences preferences that apply under this tenant beneath each user's own, may be null
     * @throws InvalidInputException for an invalid id or time zone, or properties that are not
     *     JSON-compatible
     */
    public Tenant {
        Validate.id("tenant.id", id);
        Validate.text("tenant.name", name);
        Validate.timezone("tenant.timezone", timezone);
        properties = Json.copyMap("tenant.properties", properties);
    }

    /**
     * A tenant with only an id.
     *
     * @param id the tenant id
     * @return the tenant
     */
    public static Tenant of(String id) {
        return new Tenant(id, null, null, Map.of(), null);
    }

    /**
     * {@return a copy with display name {@code name}}
     *
     * @param name the name, or null
     */
    public Tenant withName(String name) {
        return new Tenant(id, name, timezone, properties, defaultPreferences);
    }

    /**
     * {@return a copy with time zone {@code timezone}}
     *
     * @param timezone an IANA zone id, or null
     */
    public Tenant withTimezone(String timezone) {
        return new Tenant(id, name, timezone, properties, defaultPreferences);
    }

    /**
     * {@return a copy with custom properties {@code properties}}
     *
     * @param properties JSON-compatible properties, replacing the current ones; null for none
     */
    public Tenant withProperties(Map<String, ?> properties) {
        return new Tenant(id, name, timezone, Json.copyMap("tenant.properties", properties), defaultPreferences);
    }

    /**
     * {@return a copy with default preferences {@code preferences}}
     *
     * @param preferences the tenant's defaults, or null for none
     */
    public Tenant withDefaultPreferences(PreferenceSet preferences) {
        return new Tenant(id, name, timezone, properties, preferences);
    }

    /** {@return the tenant's default preferences, empty if none} */
    public Optional<PreferenceSet> preferences() {
        return Optional.ofNullable(defaultPreferences);
    }

    /**
     * The values templates see as {@code tenant}.
     *
     * @return the custom properties plus {@code id}, and {@code name} when set
     */
    public Map<String, Object> toTemplateMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>(properties);
        m.put("id", id);
        if (name != null) m.put("name", name);
        return m;
    }
}
