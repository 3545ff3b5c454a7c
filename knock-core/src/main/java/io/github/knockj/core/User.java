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

    /**
     * Starts a user with the given id; every other field is optional.
     *
     * @param id the user's id in your application, checked by {@link Builder#build()}
     * @return a new builder
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * A builder holding this user's values, to derive a changed copy.
     *
     * @return a new builder with every field of this user set
     */
    public Builder toBuilder() {
        Builder b = new Builder(id).name(name).email(email).phoneNumber(phoneNumber).locale(locale).timezone(timezone)
                .avatar(avatar).properties(properties).createdAt(createdAt).updatedAt(updatedAt);
        b.channelData.putAll(channelData);
        return b;
    }

    /** {@return the user's id, never null} */
    public String id() { return id; }
    /** {@return the display name, empty if unset} */
    public Optional<String> name() { return Optional.ofNullable(name); }
    /** {@return the email address (the email channel's destination), empty if unset} */
    public Optional<String> email() { return Optional.ofNullable(email); }
    /** {@return the E.164 phone number (the SMS channel's destination), empty if unset} */
    public Optional<String> phoneNumber() { return Optional.ofNullable(phoneNumber); }
    /** {@return the locale tag such as {@code en-US}, empty if unset} */
    public Optional<String> locale() { return Optional.ofNullable(locale); }
    /** {@return the IANA time zone id, empty if unset (send windows then use UTC)} */
    public Optional<String> timezone() { return Optional.ofNullable(timezone); }
    /** {@return the avatar URL, empty if unset} */
    public Optional<String> avatar() { return Optional.ofNullable(avatar); }
    /**
     * Custom properties (JSON-compatible values), never null.
     *
     * @return an unmodifiable map, empty if none is set
     */
    public Map<String, Object> properties() { return properties; }
    /**
     * Per-channel data keyed by channel key, such as push tokens or a chat webhook URL.
     *
     * @return an unmodifiable map, empty if none is set
     */
    public Map<String, Map<String, Object>> channelData() { return channelData; }
    /**
     * Channel data for one channel key, empty when none is set.
     *
     * @param channelKey the channel key
     * @return the data, empty if none is set for that channel
     */
    public Map<String, Object> channelData(String channelKey) { return channelData.getOrDefault(channelKey, Map.of()); }
    /**
     * When the store first saw this user; null on a user not yet stored.
     *
     * @return the creation time, or null
     */
    public Instant createdAt() { return createdAt; }
    /** {@return when the store last updated this user; null on a user not yet stored} */
    public Instant updatedAt() { return updatedAt; }

    /**
     * This user's stored values updated by {@code update}: non-null fields replace, properties deep-merge
     * with nulls removing keys, channel data replaces per channel key.
     *
     * @param update the fields to change; its id is ignored
     * @param now the new {@code updatedAt}
     * @return a new user; this one is unchanged
     * @throws InvalidInputException if the merged user is invalid
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

    /**
     * The values templates and conditions see as {@code recipient} or {@code actor}.
     *
     * @return the custom properties plus {@code id} and every set standard field, in snake_case ({@code
     *     phone_number})
     */
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

        /**
         * The display name. If unset (null), none; on identify, the stored one is kept.
         *
         * @param name the name, or null
         * @return this builder
         */
        public Builder name(String name) { this.name = name; return this; }
        /**
         * The email address. If unset (null), none; on identify, the stored one is kept.
         *
         * @param email the address, or null; checked by {@link #build()}
         * @return this builder
         */
        public Builder email(String email) { this.email = email; return this; }
        /**
         * An E.164 number such as {@code +14155550123}.
         *
         * @param phoneNumber the number, or null; checked by {@link #build()}
         * @return this builder
         */
        public Builder phoneNumber(String phoneNumber) { this.phoneNumber = phoneNumber; return this; }
        /**
         * The locale, a tag such as {@code en-US}. If unset (null), none; on identify, the stored one is
         * kept.
         *
         * @param locale the locale tag, or null
         * @return this builder
         */
        public Builder locale(String locale) { this.locale = locale; return this; }
        /**
         * An IANA zone id such as {@code Europe/Berlin}; used for send windows and schedules.
         *
         * @param timezone the zone id, or null; checked by {@link #build()}
         * @return this builder
         */
        public Builder timezone(String timezone) { this.timezone = timezone; return this; }
        /**
         * The avatar URL. If unset (null), none; on identify, the stored one is kept.
         *
         * @param avatar the URL, or null
         * @return this builder
         */
        public Builder avatar(String avatar) { this.avatar = avatar; return this; }
        /**
         * Custom properties; values must be JSON-compatible (strings, numbers, booleans, lists, maps, null).
         *
         * @param properties the properties, replacing those set before; null for none
         * @return this builder
         */
        public Builder properties(Map<String, ?> properties) {
            this.properties = properties == null ? Map.of() : new LinkedHashMap<>(properties);
            return this;
        }
        /**
         * Sets one custom property, keeping the others; a null value removes the key when merged on identify.
         *
         * @param key the property name
         * @param value a JSON-compatible value, or null
         * @return this builder
         */
        public Builder property(String key, Object value) {
            Map<String, Object> p = new LinkedHashMap<>(properties);
            p.put(key, value);
            this.properties = p;
            return this;
        }
        /**
         * Channel data for one channel key (replaces what was stored for that key).
         *
         * @param channelKey the channel key, as registered on the Notifier
         * @param data JSON-compatible data such as {@code tokens}; null for an empty map
         * @return this builder
         */
        public Builder channelData(String channelKey, Map<String, ?> data) {
            this.channelData.put(channelKey, data == null ? Map.of() : new LinkedHashMap<>(data));
            return this;
        }
        /**
         * Set by stores; ignored on identify.
         *
         * @param createdAt when the store first saw the user
         * @return this builder
         */
        public Builder createdAt(Instant createdAt) { this.createdAt = createdAt; return this; }
        /**
         * Set by stores; ignored on identify.
         *
         * @param updatedAt when the store last updated the user
         * @return this builder
         */
        public Builder updatedAt(Instant updatedAt) { this.updatedAt = updatedAt; return this; }

        /**
         * Builds the user, validating every field.
         *
         * @return the immutable user
         * @throws InvalidInputException naming the field, for a missing or invalid id, an invalid email,
         *     phone number or time zone, or a value that is not JSON-compatible
         */
        public User build() {
            return new User(this);
        }
    }
}
