package io.github.knockj.core;

import io.github.knockj.core.internal.Json;
import io.github.knockj.core.internal.Validate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A person who receives notifications: who they are and how to reach them. Immutable; build one with
 * {@link #builder(String)}. When given to {@code identify}, fields left null keep their stored value,
 * custom properties deep-merge (a null value removes a key) and channel data replaces per channel.
 */
public final class User {
    private final String id;
    private final String name;
    private final String email;
    private final String phoneNumber;
    private final String locale;
    private final String timezone;
    private final String avatar;
    private final Map<String, Object> properties;
    private final Map<String, Map<String, Object>> channelData;
    private final Instant createdAt;
    private final Instant updatedAt;

    private User(Builder b) {
        this.id = Validate.id("user.id", b.id);
        this.name = Validate.text("user.name", b.name);
        this.email = Validate.email("user.email", b.email);
        this.phoneNumber = Validate.phone("user.phoneNumber", b.phoneNumber);
        this.locale = Validate.text("user.locale", b.locale);
        this.timezone = Validate.timezone("user.timezone", b.timezone);
        this.avatar = Validate.text("user.avatar", b.avatar);
        this.properties = Json.copyMap("user.properties", b.properties);
        Map<String, Map<String, Object>> channels = new LinkedHashMap<>();
        b.channelData.forEach((k, v) -> channels.put(Validate.id("user.channelData key", k), Json.copyMap("user.channelData." + k, v)));
        this.channelData = Map.copyOf(channels);
        this.createdAt = b.createdAt;
        this.updatedAt = b.updatedAt;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A builder holding this user's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(id).name(name).email(email).phoneNumber(phoneNumber).locale(locale).timezone(timezone)
                .avatar(avatar).properties(properties).createdAt(createdAt).updatedAt(updatedAt);
        b.channelData.putAll(channelData);
        return b;
    }

    public String id() { return id; }
    public Optional<String> name() { return Optional.ofNullable(name); }
    public Optional<String> email() { return Optional.ofNullable(email); }
    public Optional<String> phoneNumber() { return Optional.ofNullable(phoneNumber); }
    public Optional<String> locale() { return Optional.ofNullable(locale); }
    public Optional<String> timezone() { return Optional.ofNullable(timezone); }
    public Optional<String> avatar() { return Optional.ofNullable(avatar); }
    /** Custom properties (JSON-compatible values), never null. */
    public Map<String, Object> properties() { return properties; }
    /** Per-channel data keyed by channel key, such as push tokens or a chat webhook URL. */
    public Map<String, Map<String, Object>> channelData() { return channelData; }
    /** Channel data for one channel key, empty when none is set. */
    public Map<String, Object> channelData(String channelKey) { return channelData.getOrDefault(channelKey, Map.of()); }
    /** When the store first saw this user; null on a user not yet stored. */
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }

    /**
     * This user's stored values updated by {@code update}: non-null fields replace, properties deep-merge
     * with nulls removing keys, channel data replaces per channel key.
     */
    public User mergedWith(User update, Instant now) {
        Builder b = toBuilder();
        if (update.name != null) b.name(update.name);
        if (update.email != null) b.email(update.email);
        if (update.phoneNumber != null) b.phoneNumber(update.phoneNumber);
        if (update.locale != null) b.locale(update.locale);
        if (update.timezone != null) b.timezone(update.timezone);
        if (update.avatar != null) b.avatar(update.avatar);
        b.properties = Json.deepMerge(properties, update.properties);
        b.channelData.putAll(update.channelData);
        return b.updatedAt(now).build();
    }

    /** The values templates and conditions see as {@code recipient} or {@code actor}. */
    public Map<String, Object> toTemplateMap() {
        Map<String, Object> m = new LinkedHashMap<>(properties);
        m.put("id", id);
        putIfSet(m, "name", name);
        putIfSet(m, "email", email);
        putIfSet(m, "phone_number", phoneNumber);
        putIfSet(m, "locale", locale);
        putIfSet(m, "timezone", timezone);
        putIfSet(m, "avatar", avatar);
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String k, Object v) {
        if (v != null) m.put(k, v);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof User u)) return false;
        return id.equals(u.id) && Objects.equals(name, u.name) && Objects.equals(email, u.email)
                && Objects.equals(phoneNumber, u.phoneNumber) && Objects.equals(locale, u.locale)
                && Objects.equals(timezone, u.timezone) && Objects.equals(avatar, u.avatar)
                && properties.equals(u.properties) && channelData.equals(u.channelData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, email, phoneNumber);
    }

    @Override
    public String toString() {
        return "User{id=" + id + (name != null ? ", name=" + name : "") + "}";
    }

    /** Builds a {@link User}; {@link #build()} validates every field and names the bad one. */
    public static final class Builder {
        private final String id;
        private String name;
        private String email;
        private String phoneNumber;
        private String locale;
        private String timezone;
        private String avatar;
        private Map<String, Object> properties = Map.of();
        private final Map<String, Map<String, Object>> channelData = new LinkedHashMap<>();
        private Instant createdAt;
        private Instant updatedAt;

        private Builder(String id) {
            this.id = id;
        }

        public Builder name(String name) { this.name = name; return this; }
        public Builder email(String email) { this.email = email; return this; }
        /** An E.164 number such as {@code +14155550123}. */
        public Builder phoneNumber(String phoneNumber) { this.phoneNumber = phoneNumber; return this; }
        public Builder locale(String locale) { this.locale = locale; return this; }
        /** An IANA zone id such as {@code Europe/Berlin}; used for send windows and schedules. */
        public Builder timezone(String timezone) { this.timezone = timezone; return this; }
        public Builder avatar(String avatar) { this.avatar = avatar; return this; }
        /** Custom properties; values must be JSON-compatible (strings, numbers, booleans, lists, maps, null). */
        public Builder properties(Map<String, ?> properties) {
            this.properties = properties == null ? Map.of() : new LinkedHashMap<>(properties);
            return this;
        }
        public Builder property(String key, Object value) {
            Map<String, Object> p = new LinkedHashMap<>(properties);
            p.put(key, value);
            this.properties = p;
            return this;
        }
        /** Channel data for one channel key (replaces what was stored for that key). */
        public Builder channelData(String channelKey, Map<String, ?> data) {
            this.channelData.put(channelKey, data == null ? Map.of() : new LinkedHashMap<>(data));
            return this;
        }
        /** Set by stores; ignored on identify. */
        public Builder createdAt(Instant createdAt) { this.createdAt = createdAt; return this; }
        /** Set by stores; ignored on identify. */
        public Builder updatedAt(Instant updatedAt) { this.updatedAt = updatedAt; return this; }

        public User build() {
            return new User(this);
        }
    }
}
