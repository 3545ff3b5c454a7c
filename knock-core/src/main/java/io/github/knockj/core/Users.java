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
     *
     * @param user the user with the fields to set
     * @return the user as stored after the merge
     */
    public User identify(User user) {
        return store.mergeUsers(List.of(Validate.notNull("user", user)), clock.instant()).get(0);
    }

    /**
     * {@link #identify(User)} for many users in one store round trip.
     *
     * @param users the users with the fields to set
     * @return the users as stored, in order
     */
    public List<User> identifyAll(List<User> users) {
        Validate.notNull("users", users).forEach(u -> Validate.notNull("users[]", u));
        return store.mergeUsers(users, clock.instant());
    }

    /**
     * Looks up a user.
     *
     * @param userId the user id
     * @return the user, or empty if there is none
     * @throws InvalidInputException if the id is null, blank or too long
     */
    public Optional<User> get(String userId) {
        return store.findUser(Validate.id("userId", userId));
    }

    /**
     * Sets the channel data of one channel for a user (replacing what was there).
     *
     * @param userId the user, created if new
     * @param channelKey the channel key, as registered on the Notifier
     * @param data JSON-compatible data such as {@code tokens}; null for an empty map
     * @return the user as stored
     */
    public User setChannelData(String userId, String channelKey, Map<String, ?> data) {
        return identify(User.builder(userId).channelData(channelKey, data).build());
    }

    /**
     * Deletes a user, their subscriptions and preferences; their messages stay. False if there was none.
     *
     * @param userId the user id
     * @return true if the user existed
     */
    public boolean delete(String userId) {
        return store.deleteUser(Validate.id("userId", userId));
    }

    /**
     * Merges user {@code fromId} into {@code intoId}: {@code into}'s values win, {@code from}'s fill
     * the gaps; {@code from}'s subscriptions and default preferences move over (where {@code into} has
     * none); then {@code from} is deleted. Returns the merged user.
     *
     * @param fromId the user to merge and delete
     * @param intoId the user who remains
     * @return the merged user as stored
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
