package io.github.knockj.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A preference for one workflow or category: on or off, optionally narrowed per channel type and
 * channel, and optionally gated by conditions (all must hold).
 *
 * @param enabled false switches the workflow or category off entirely
 * @param channelTypes per channel type overrides (absent means allowed)
 * @param channels per channel key overrides (beat channel types)
 * @param conditions all must hold for the preference to allow
 */
public record PreferenceSetting(boolean enabled, Map<ChannelType, Boolean> channelTypes, Map<String, Boolean> channels,
                                List<Condition> conditions) {
    /** Allows, with no override or condition. */
    public static final PreferenceSetting ON = new PreferenceSetting(true, Map.of(), Map.of(), List.of());
    /** Blocks, with no override or condition. */
    public static final PreferenceSetting OFF = new PreferenceSetting(false, Map.of(), Map.of(), List.of());

    /**
     * Copies the maps and list; null reads as empty.
     *
     * @param enabled false switches the workflow or category off entirely
     * @param channelTypes per channel type overrides (absent means allowed)
     * @param channels per channel key overrides (beat channel types)
     * @param conditions all must hold for the preference to allow
     */
    public PreferenceSetting {
        channelTypes = channelTypes == null || channelTypes.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(channelTypes));
        channels = channels == null ? Map.of() : Map.copyOf(channels);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /**
     * {@return {@link #ON} or {@link #OFF}}
     *
     * @param enabled whether the setting allows
     */
    public static PreferenceSetting of(boolean enabled) {
        return enabled ? ON : OFF;
    }

    /**
     * {@return a copy that allows or blocks channel type {@code type}}
     *
     * @param type the channel type
     * @param allowed false to block it
     */
    public PreferenceSetting withChannelType(ChannelType type, boolean allowed) {
        Map<ChannelType, Boolean> m = new EnumMap<>(ChannelType.class);
        m.putAll(channelTypes);
        m.put(type, allowed);
        return new PreferenceSetting(enabled, m, channels, conditions);
    }

    /**
     * {@return a copy that allows or blocks channel {@code channelKey}, beating its type}
     *
     * @param channelKey the channel key
     * @param allowed false to block it
     */
    public PreferenceSetting withChannel(String channelKey, boolean allowed) {
        Map<String, Boolean> m = new LinkedHashMap<>(channels);
        m.put(channelKey, allowed);
        return new PreferenceSetting(enabled, channelTypes, m, conditions);
    }

    /**
     * {@return a copy with one more condition that must hold}
     *
     * @param condition the condition
     */
    public PreferenceSetting withCondition(Condition condition) {
        List<Condition> l = new ArrayList<>(conditions);
        l.add(condition);
        return new PreferenceSetting(enabled, channelTypes, channels, l);
    }

    /** Whether this setting lets a message on {@code channelKey} of {@code type} through. */
    boolean allows(ChannelType type, String channelKey, Map<String, Object> values) {
        if (!enabled) return false;
        Boolean byChannel = channels.get(channelKey);
        Boolean allowed = byChannel != null ? byChannel : channelTypes.get(type);
        if (allowed != null && !allowed) return false;
        for (Condition c : conditions) {
            if (!c.test(values)) return false;
        }
        return true;
    }

    /** This setting over {@code lower}: maps merge key by key, this one's values winning. */
    PreferenceSetting over(PreferenceSetting lower) {
        if (lower == null) return this;
        Map<ChannelType, Boolean> types = new EnumMap<>(ChannelType.class);
        types.putAll(lower.channelTypes);
        types.putAll(channelTypes);
        Map<String, Boolean> chans = new LinkedHashMap<>(lower.channels);
        chans.putAll(channels);
        return new PreferenceSetting(enabled, types, chans, conditions.isEmpty() ? lower.conditions : conditions);
    }
}
