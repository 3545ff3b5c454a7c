package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import io.github.knockj.core.spi.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Who users are and how to reach them: {@code notifier.users()}. Thread-safe. */
public final class Users {
    private final Store store;
    private final Clock clock;

    Users(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Creates or updates a user: fields given replace stored ones, properties deep-merge (a null
     * value removes a key), channel data replaces per channel. Returns the stored user.
     */
    public User identify(User user) {
        return store.mergeUsers(List.of(Validate.notNull("user", user)), clock.instant()).get(0);
    }

    /** {@link #identify(User)} for many users in one store round trip. */
    public List<User> identifyAll(List<User> users) {
        Validate.notNull("users", users).forEach(u -> Validate.notNull("users[]", u));
        return store.mergeUsers(users, clock.instant());
    }

    public Optional<User> get(String userId) {
        return store.findUser(Validate.id("userId", userId));
    }

    /** Sets the channel data of one channel for a user (replacing what was there). */
    public User setChannelData(String userId, String channelKey, Map<String, ?> data) {
        return identify(User.builder(userId).channelData(channelKey, data).build());
    }

    /** Deletes a user, their subscriptions and preferences; their messages stay. False if there was none. */
    public boolean delete(String userId) {
        return store.deleteUser(Validate.id("userId", userId));
    }

    /**
     * Merges user {@code fromId} into {@code intoId}: {@code into}'s values win, {@code from}'s fill
     * the gaps; {@code from}'s subscriptions and default preferences move over (where {@code into} has
     * none); then {@code from} is deleted. Returns the merged user.
     *
     * @throws NotFoundException if either user does not exist
     */
    public User merge(String fromId, String intoId) {
        User from = get(fromId).orElseThrow(() -> new NotFoundException("no user '" + fromId + "'"));
        User into = get(intoId).orElseThrow(() -> new NotFoundException("no user '" + intoId + "'"));
        User.Builder base = User.builder(intoId);
        from.name().ifPresent(base::name);
        from.email().ifPresent(base::email);
        from.phoneNumber().ifPresent(base::phoneNumber);
        from.locale().ifPresent(base::locale);
        from.timezone().ifPresent(base::timezone);
        from.avatar().ifPresent(base::avatar);
        base.properties(from.properties());
        from.channelData().forEach(base::channelData);
        User merged = base.createdAt(into.createdAt()).build().mergedWith(into, clock.instant());
        List<Subscription> moved = new ArrayList<>();
        for (Subscription s : store.subscriptionsOf(fromId)) {
            moved.add(new Subscription(s.object(), intoId, s.properties(), s.createdAt()));
        }
        store.subscribe(moved);
        store.findPreferences(fromId, "default").ifPresent(p ->
                store.updatePreferences(intoId, "default", existing -> existing.isEmpty() ? p : existing));
        // identify with the merged values: a full replacement of into's fields
        User stored = store.mergeUsers(List.of(merged), clock.instant()).get(0);
        store.deleteUser(fromId);
        return stored;
    }
}
