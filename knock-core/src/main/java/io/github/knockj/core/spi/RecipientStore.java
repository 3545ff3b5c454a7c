package io.github.knockj.core.spi;

import io.github.knockj.core.KnockObject;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.Subscription;
import io.github.knockj.core.User;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's role for recipients: users, objects, and the subscriptions of users to objects
 * (fan-out reads an object's subscribers page by page).
 *
 * <p>Invariants an implementation enforces: each merge applies over the stored record atomically
 * (concurrent merges of one user or object lose no field); at most one subscription per user and
 * object; deleting a user deletes their subscriptions and preference sets (see
 * {@link PreferenceStore}), deleting an object deletes its subscriptions, each in one step; a
 * subscriber page is ordered by the store's own user-id order and ranges compare in that order.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface RecipientStore {
    /**
     * Upserts users: each is merged over the stored user with {@link User#mergedWith(User, Instant)},
     * or stored as given (with {@code createdAt = now}) when new. Returns the stored results in order.
     *
     * @param updates the users to merge, each carrying only the fields to set
     * @param now the time recorded as {@code updatedAt} (and {@code createdAt} for new users)
     * @return the users as stored after the merge, in the order of {@code updates}
     */
    List<User> mergeUsers(List<User> updates, Instant now);

    /**
     * Looks up one user.
     *
     * @param id the user id
     * @return the user, or empty if there is none with that id
     */
    Optional<User> findUser(String id);

    /**
     * The users that exist among {@code ids}, keyed by id.
     *
     * @param ids the user ids to look up; ids without a user are left out of the answer
     * @return the existing users keyed by id (empty if none exists)
     */
    Map<String, User> findUsers(Collection<String> ids);

    /**
     * Deletes a user with their subscriptions and preference sets.
     *
     * @param id the user id
     * @return true if the user existed, false if there was none
     */
    boolean deleteUser(String id);

    /**
     * Upserts an object, merged over the stored one with {@link KnockObject#mergedWith}.
     *
     * @param update the object, carrying only the properties to set
     * @param now the time recorded as {@code updatedAt} (and {@code createdAt} for a new object)
     * @return the object as stored after the merge
     */
    KnockObject mergeObject(KnockObject update, Instant now);

    /**
     * Looks up one object.
     *
     * @param ref the object's collection and id
     * @return the object, or empty if there is none
     */
    Optional<KnockObject> findObject(ObjectRef ref);

    /**
     * Deletes an object and its subscriptions.
     *
     * @param ref the object's collection and id
     * @return true if the object existed, false if there was none
     */
    boolean deleteObject(ObjectRef ref);

    /**
     * Adds or replaces subscriptions of users to one object (the object need not exist yet). The
     * Notifier checks that the users exist before it calls this; fan-out skips a subscription whose
     * user does not.
     *
     * @param subscriptions the subscriptions; one that exists for the same user and object is replaced
     */
    void subscribe(List<Subscription> subscriptions);

    /**
     * Removes the given users' subscriptions to {@code ref}.
     *
     * @param ref the object subscribed to
     * @param userIds the subscribers to remove; ids not subscribed are ignored
     * @return how many of the subscriptions existed (and were removed)
     */
    int unsubscribe(ObjectRef ref, Collection<String> userIds);

    /**
     * One page of an object's subscribers ordered by user id: those with a user id greater than
     * {@code afterUserId} (null for the first page), at most {@code limit}.
     *
     * @param ref the object
     * @param afterUserId the last user id of the previous page, or null for the first page
     * @param limit the largest number of subscriptions to return
     * @return the page, empty past the last subscriber
     */
    default List<Subscription> subscribers(ObjectRef ref, String afterUserId, int limit) {
        return subscribers(ref, afterUserId, null, limit);
    }

    /**
     * One page of the subscribers in a range of user ids, in the store's own id order (the order
     * {@link #subscribers(ObjectRef, String, int)} pages in): user id greater than {@code afterUserId}
     * (null: from the first) and at most {@code throughUserId} (null: to the last), at most
     * {@code limit}. Fan-out splits an object's subscribers into such ranges for parallel workers, so
     * the bounds must be compared by the store, which alone knows its order.
     *
     * @param ref the object
     * @param afterUserId the exclusive lower bound, or null to start at the first subscriber
     * @param throughUserId the inclusive upper bound, or null to run to the last subscriber
     * @param limit the largest number of subscriptions to return
     * @return the page, empty past the end of the range
     */
    List<Subscription> subscribers(ObjectRef ref, String afterUserId, String throughUserId, int limit);

    /**
     * Every subscription of one user, ordered by object.
     *
     * @param userId the subscriber
     * @return the user's subscriptions, empty if none
     */
    List<Subscription> subscriptionsOf(String userId);
}
