package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;

/**
 * Who a workflow run is for: a user, or an object (which receives on channels it has channel data
 * for, such as a chat webhook).
 *
 * @param collection null for a user, else the object's collection
 * @param id the user id, or the object's id within its collection
 */
public record Recipient(String collection, String id) {
    /**
     * Validates the ids.
     *
     * @param collection null for a user, else the object's collection
     * @param id the user id, or the object's id within its collection
     * @throws InvalidInputException if an id is null (the collection may be), blank or too long
     */
    public Recipient {
        if (collection != null) Validate.id("recipient.collection", collection);
        Validate.id("recipient.id", id);
    }

    /**
     * A user recipient.
     *
     * @param userId the user id
     * @return the recipient
     */
    public static Recipient user(String userId) {
        return new Recipient(null, userId);
    }

    /**
     * An object recipient.
     *
     * @param ref the object's collection and id
     * @return the recipient
     */
    public static Recipient object(ObjectRef ref) {
        return new Recipient(ref.collection(), ref.id());
    }

    /** {@return true for a user, false for an object} */
    public boolean isUser() {
        return collection == null;
    }

    /**
     * {@return this object recipient's reference}
     *
     * @throws IllegalStateException if the recipient is a user
     */
    public ObjectRef objectRef() {
        if (collection == null) throw new IllegalStateException(id + " is a user, not an object");
        return new ObjectRef(collection, id);
    }

    /**
     * A stable text form: the user id, or {@code collection/id} for an object (ids never hold '/').
     *
     * @return the key
     */
    public String key() {
        return collection == null ? id : collection + "/" + id;
    }

    /**
     * Parses {@link #key()}.
     *
     * @param key a key as {@link #key()} writes it
     * @return the recipient
     */
    public static Recipient fromKey(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? user(key) : new Recipient(key.substring(0, slash), key.substring(slash + 1));
    }

    @Override
    public String toString() {
        return key();
    }
}
