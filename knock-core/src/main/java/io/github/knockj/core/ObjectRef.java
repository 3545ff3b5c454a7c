package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;

/**
 * Names an object, such as a project or a channel, that users subscribe to: triggering a workflow for
 * an object notifies the object itself and every subscriber.
 *
 * @param collection the object's collection, such as {@code projects}
 * @param id the object's id within its collection
 */
public record ObjectRef(String collection, String id) {
    /**
     * Validates the ids.
     *
     * @param collection the object's collection, such as {@code projects}
     * @param id the object's id within its collection
     * @throws InvalidInputException if an id is null, blank or too long
     */
    public ObjectRef {
        Validate.id("object.collection", collection);
        Validate.id("object.id", id);
    }

    /**
     * A reference; same as the constructor.
     *
     * @param collection the object's collection
     * @param id the object's id within its collection
     * @return the reference
     */
    public static ObjectRef of(String collection, String id) {
        return new ObjectRef(collection, id);
    }

    @Override
    public String toString() {
        return collection + "/" + id;
    }
}
