package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import io.github.knockj.core.spi.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Objects and their subscribers: {@code notifier.objects()}. Thread-safe. */
public final class KnockObjects {
    /** Largest page {@link #subscribers(ObjectRef, String, int)} returns. */
    public static final int MAX_PAGE = 1000;

    private final Store store;
    private final Clock clock;

    KnockObjects(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Creates or updates an object's properties (deep-merged; a null value removes a key).
     *
     * @param ref the object's collection and id
     * @param properties JSON-compatible properties to merge; null for none
     * @return the object as stored after the merge
     */
    public KnockObject set(ObjectRef ref, Map<String, ?> properties) {
        return store.mergeObject(KnockObject.of(Validate.notNull("object", ref), properties), clock.instant());
    }

    /**
     * Sets an object's channel data for one channel, such as a chat webhook URL.
     *
     * @param ref the object's collection and id
     * @param channelKey the channel key, as registered on the Notifier
     * @param data the data, replacing what was stored for that channel; null for an empty map
     * @return the object as stored after the change
     * @throws InvalidInputException if the channel key is invalid
     */
    public KnockObject setChannelData(ObjectRef ref, String channelKey, Map<String, ?> data) {
        Validate.id("channelKey", channelKey);
        return store.mergeObject(new KnockObject(ref, Map.of(), Map.of(channelKey, data == null ? Map.of() : Map.copyOf(data)), null, null), clock.instant());
    }

    /**
     * Looks up an object.
     *
     * @param ref the object's collection and id
     * @return the object, or empty if there is none
     */
    public Optional<KnockObject> get(ObjectRef ref) {
        return store.findObject(Validate.notNull("object", ref));
    }

    /**
     * Deletes an object and its subscriptions; false if there was none.
     *
     * @param ref the object's collection and id
     * @return true if the object existed
     */
    public boolean delete(ObjectRef ref) {
        return store.deleteObject(Validate.notNull("object", ref));
    }

    /**
     * Subscribes users to an object (idempotent). The users must have been identified; the object
     * need not exist yet (but must exist by the time it is triggered).
     *
     * @throws NotFoundException naming every user that was never identified; nobody is subscribed then
     * @throws InvalidInputException for a null object or an invalid user id
     * @param ref the object, which need not exist yet
     * @param userIds the subscribers
     */
    public void subscribe(ObjectRef ref, String... userIds) {
        subscribe(ref, List.of(userIds), Map.of());
    }

    /**
     * Subscribes users with subscription properties, visible to templates as {@code recipient.subscription}.
     *
     *
     * @throws NotFoundException naming every user that was never identified; nobody is subscribed then
     * @throws InvalidInputException for a null object, an invalid user id or properties that are not JSON-compatible
     * @param ref the object, which need not exist yet
     * @param userIds the subscribers; an existing subscription is replaced
     * @param properties JSON-compatible subscription properties; null for none
     */
    public void subscribe(ObjectRef ref, List<String> userIds, Map<String, ?> properties) {
        Validate.notNull("object", ref);
        for (String id : Validate.notNull("userIds", userIds)) Validate.id("subscription.userId", id);
        Set<String> unknown = new TreeSet<>(userIds);
        unknown.removeAll(store.findUsers(unknown).keySet());
        if (!unknown.isEmpty()) {
            throw new NotFoundException("cannot subscribe to " + ref + " users that were never identified: " + quoted(unknown)
                    + "; identify them first (nobody was subscribed)");
        }
        List<Subscription> subs = new ArrayList<>(userIds.size());
        for (String id : userIds) subs.add(new Subscription(ref, id, io.github.knockj.core.internal.Json.copyMap("subscription.properties", properties), clock.instant()));
        store.subscribe(subs);
    }

    private static String quoted(Set<String> ids) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (String id : ids) {
            if (shown == 20) return b.append(" and ").append(ids.size() - shown).append(" more").toString();
            if (shown++ > 0) b.append(", ");
            b.append('\'').append(id).append('\'');
        }
        return b.toString();
    }

    /**
     * Removes subscriptions; returns how many existed.
     *
     * @param ref the object
     * @param userIds the subscribers to remove
     * @return how many of the subscriptions existed
     * @throws InvalidInputException if a user id is invalid
     */
    public int unsubscribe(ObjectRef ref, String... userIds) {
        for (String id : userIds) Validate.id("userId", id);
        return store.unsubscribe(Validate.notNull("object", ref), List.of(userIds));
    }

    /**
     * One page of subscribers ordered by user id, after {@code afterUserId} (null for the first).
     *
     * @param ref the object
     * @param afterUserId the last user id of the previous page, or null for the first page
     * @param limit page size, 1 to {@link #MAX_PAGE}
     * @return the page, empty past the last subscriber
     * @throws InvalidInputException if {@code limit} is out of range
     */
    public List<Subscription> subscribers(ObjectRef ref, String afterUserId, int limit) {
        if (limit < 1 || limit > MAX_PAGE) throw new InvalidInputException("limit", "must be between 1 and " + MAX_PAGE + ", was " + limit);
        return store.subscribers(Validate.notNull("object", ref), afterUserId, limit);
    }
}
