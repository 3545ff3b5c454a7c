package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a user is willing to receive: settings per workflow, per category, per channel type and per
 * channel. Anything unset is allowed; every applicable setting must allow a message (so a category
 * switched off beats a channel type switched on); a per-channel setting beats its channel type.
 * A workflow marked required ignores preferences.
 *
 * <p>Sets layer: the user's set over the tenant's default set over the environment default
 * ({@code Notifier.Builder#defaultPreferences}); see {@link #over(PreferenceSet)}.
 */
public final class PreferenceSet {
    /** The empty set: allows everything. */
    public static final PreferenceSet EMPTY = builder().build();

    private final Map<String, PreferenceSetting> workflows;
    private final Map<String, PreferenceSetting> categories;
    private final Map<ChannelType, Boolean> channelTypes;
    private final Map<String, Boolean> channels;

    private PreferenceSet(Map<String, PreferenceSetting> workflows, Map<String, PreferenceSetting> categories,
                          Map<ChannelType, Boolean> channelTypes, Map<String, Boolean> channels) {
        this.workflows = Map.copyOf(workflows);
        this.categories = Map.copyOf(categories);
        this.channelTypes = channelTypes.isEmpty() ? Map.of() : Map.copyOf(channelTypes);
        this.channels = Map.copyOf(channels);
    }

    /** {@return a builder for an empty set} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the settings per workflow key; unmodifiable, empty if none} */
    public Map<String, PreferenceSetting> workflows() { return workflows; }
    /** {@return the settings per workflow category; unmodifiable, empty if none} */
    public Map<String, PreferenceSetting> categories() { return categories; }
    /** {@return whether each channel type is allowed; unmodifiable, types not in it are allowed} */
    public Map<ChannelType, Boolean> channelTypes() { return channelTypes; }
    /** {@return whether each channel (by key) is allowed; unmodifiable, channels not in it follow their type} */
    public Map<String, Boolean> channels() { return channels; }

    /** {@return true if the set has no setting at all (it then allows everything)} */
    public boolean isEmpty() {
        return workflows.isEmpty() && categories.isEmpty() && channelTypes.isEmpty() && channels.isEmpty();
    }

    /**
     * This set layered over {@code lower}: each key this set has wins; keys only {@code lower} has
     * stay. Workflow and category settings present in both merge their channel maps.
     *
     * @param lower the set beneath, or null
     * @return the layered set; this set itself if {@code lower} is null or empty
     */
    public PreferenceSet over(PreferenceSet lower) {
        if (lower == null || lower.isEmpty()) return this;
        if (isEmpty()) return lower;
        Map<String, PreferenceSetting> wf = new LinkedHashMap<>(lower.workflows);
        workflows.forEach((k, v) -> wf.put(k, v.over(lower.workflows.get(k))));
        Map<String, PreferenceSetting> cat = new LinkedHashMap<>(lower.categories);
        categories.forEach((k, v) -> cat.put(k, v.over(lower.categories.get(k))));
        Map<ChannelType, Boolean> types = new EnumMap<>(ChannelType.class);
        types.putAll(lower.channelTypes);
        types.putAll(channelTypes);
        Map<String, Boolean> chans = new LinkedHashMap<>(lower.channels);
        chans.putAll(channels);
        return new PreferenceSet(wf, cat, types, chans);
    }

    /**
     * Whether a message of workflow {@code workflowKey} (in {@code workflowCategories}) may go out on
     * channel {@code channelKey} of type {@code type}. {@code values} feed setting conditions.
     *
     * @param workflowKey the message's workflow
     * @param workflowCategories the workflow's categories
     * @param type the channel's type
     * @param channelKey the channel's key
     * @param values what conditions of the settings evaluate against (recipient, data, tenant)
     * @return true unless some applicable setting disallows the message
     */
    public boolean allows(String workflowKey, Set<String> workflowCategories, ChannelType type, String channelKey,
                          Map<String, Object> values) {
        PreferenceSetting wf = workflows.get(workflowKey);
        if (wf != null && !wf.allows(type, channelKey, values)) return false;
        for (String category : workflowCategories) {
            PreferenceSetting c = categories.get(category);
            if (c != null && !c.allows(type, channelKey, values)) return false;
        }
        Boolean byChannel = channels.get(channelKey);
        Boolean allowed = byChannel != null ? byChannel : channelTypes.get(type);
        return allowed == null || allowed;
    }

    /**
     * The stored form, a JSON-compatible map; {@link #fromMap(Map)} reads it back.
     *
     * @return a new map with {@code workflows}, {@code categories}, {@code channel_types} and {@code
     *     channels}
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflows", settingsToMap(workflows));
        m.put("categories", settingsToMap(categories));
        Map<String, Object> types = new LinkedHashMap<>();
        channelTypes.forEach((k, v) -> types.put(k.name().toLowerCase(Locale.ROOT), v));
        m.put("channel_types", types);
        m.put("channels", new LinkedHashMap<>(channels));
        return m;
    }

    private static Map<String, Object> settingsToMap(Map<String, PreferenceSetting> settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        settings.forEach((k, s) -> {
            if (s.channelTypes().isEmpty() && s.channels().isEmpty() && s.conditions().isEmpty()) {
                out.put(k, s.enabled());
            } else {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("enabled", s.enabled());
                Map<String, Object> types = new LinkedHashMap<>();
                s.channelTypes().forEach((t, v) -> types.put(t.name().toLowerCase(Locale.ROOT), v));
                sm.put("channel_types", types);
                sm.put("channels", new LinkedHashMap<>(s.channels()));
                List<Object> conds = new ArrayList<>();
                s.conditions().forEach(c -> conds.add(c.toMap()));
                sm.put("conditions", conds);
                out.put(k, sm);
            }
        });
        return out;
    }

    /**
     * Reads the form {@link #toMap()} writes; rejects anything else with {@link InvalidInputException}.
     *
     * @param map the stored form, or null for the empty set
     * @return the set
     * @throws InvalidInputException naming the field, for a value of the wrong type or an unknown channel
     *     type
     */
    public static PreferenceSet fromMap(Map<String, ?> map) {
        Builder b = builder();
        if (map == null) return b.build();
        asMap("preferences.workflows", map.get("workflows")).forEach((k, v) -> b.workflow(k, settingFrom("preferences.workflows." + k, v)));
        asMap("preferences.categories", map.get("categories")).forEach((k, v) -> b.category(k, settingFrom("preferences.categories." + k, v)));
        asMap("preferences.channel_types", map.get("channel_types")).forEach((k, v) ->
                b.channelType(channelType("preferences.channel_types", k), bool("preferences.channel_types." + k, v)));
        asMap("preferences.channels", map.get("channels")).forEach((k, v) -> b.channel(k, bool("preferences.channels." + k, v)));
        return b.build();
    }

    private static PreferenceSetting settingFrom(String field, Object v) {
        if (v instanceof Boolean bool) return PreferenceSetting.of(bool);
        Map<String, Object> m = asMap(field, v);
        PreferenceSetting s = PreferenceSetting.of(m.get("enabled") == null || bool(field + ".enabled", m.get("enabled")));
        for (Map.Entry<String, Object> e : asMap(field + ".channel_types", m.get("channel_types")).entrySet()) {
            s = s.withChannelType(channelType(field + ".channel_types", e.getKey()), bool(field + ".channel_types." + e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, Object> e : asMap(field + ".channels", m.get("channels")).entrySet()) {
            s = s.withChannel(e.getKey(), bool(field + ".channels." + e.getKey(), e.getValue()));
        }
        Object conds = m.get("conditions");
        if (conds instanceof List<?> l) {
            for (Object c : l) {
                s = s.withCondition(Condition.fromMap(asMap(field + ".conditions", c)));
            }
        } else if (conds != null) {
            throw new InvalidInputException(field + ".conditions", "must be a list");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(String field, Object v) {
        if (v == null) return Map.of();
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new InvalidInputException(field, "must be an object, was " + v);
    }

    private static boolean bool(String field, Object v) {
        if (v instanceof Boolean b) return b;
        throw new InvalidInputException(field, "must be true or false, was " + v);
    }

    private static ChannelType channelType(String field, String name) {
        try {
            return ChannelType.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "unknown channel type '" + name + "'; known: " + List.of(ChannelType.values()));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreferenceSet p && workflows.equals(p.workflows) && categories.equals(p.categories)
                && channelTypes.equals(p.channelTypes) && channels.equals(p.channels);
    }

    @Override
    public int hashCode() {
        return workflows.hashCode() * 31 + categories.hashCode() * 17 + channelTypes.hashCode() + channels.hashCode();
    }

    @Override
    public String toString() {
        return "PreferenceSet" + toMap();
    }

    /** Builds a {@link PreferenceSet}; later calls for the same key replace earlier ones. */
    public static final class Builder {
        private final Map<String, PreferenceSetting> workflows = new LinkedHashMap<>();
        private final Map<String, PreferenceSetting> categories = new LinkedHashMap<>();
        private final Map<ChannelType, Boolean> channelTypes = new EnumMap<>(ChannelType.class);
        private final Map<String, Boolean> channels = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Allows or blocks a workflow on every channel.
         *
         * @param workflowKey the workflow key
         * @param enabled false to block the workflow
         * @return this builder
         */
        public Builder workflow(String workflowKey, boolean enabled) {
            return workflow(workflowKey, PreferenceSetting.of(enabled));
        }

        /**
         * Sets a workflow's setting, which may narrow by channel type, channel or condition.
         *
         * @param workflowKey the workflow key
         * @param setting the setting
         * @return this builder
         * @throws InvalidInputException if the key is invalid or the setting null
         */
        public Builder workflow(String workflowKey, PreferenceSetting setting) {
            workflows.put(Validate.id("preferences.workflows key", workflowKey), Validate.notNull("preferences.workflows." + workflowKey, setting));
            return this;
        }

        /**
         * Allows or blocks every workflow in a category on every channel.
         *
         * @param category the category, as given to {@link Workflow.Builder#categories(String...)}
         * @param enabled false to block the category
         * @return this builder
         */
        public Builder category(String category, boolean enabled) {
            return category(category, PreferenceSetting.of(enabled));
        }

        /**
         * Sets a category's setting, which may narrow by channel type, channel or condition.
         *
         * @param category the category
         * @param setting the setting
         * @return this builder
         * @throws InvalidInputException if the category is invalid or the setting null
         */
        public Builder category(String category, PreferenceSetting setting) {
            categories.put(Validate.id("preferences.categories key", category), Validate.notNull("preferences.categories." + category, setting));
            return this;
        }

        /**
         * Allows or blocks a channel type for every workflow.
         *
         * @param type the channel type
         * @param allowed false to block it
         * @return this builder
         */
        public Builder channelType(ChannelType type, boolean allowed) {
            channelTypes.put(Validate.notNull("preferences.channel_types key", type), allowed);
            return this;
        }

        /**
         * Allows or blocks one channel for every workflow; beats the setting of its channel type.
         *
         * @param channelKey the channel key
         * @param allowed false to block it
         * @return this builder
         */
        public Builder channel(String channelKey, boolean allowed) {
            channels.put(Validate.id("preferences.channels key", channelKey), allowed);
            return this;
        }

        /** {@return the immutable set} */
        public PreferenceSet build() {
            return new PreferenceSet(workflows, categories, channelTypes, channels);
        }
    }
}
