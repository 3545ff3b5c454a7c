package io.github.knockj.core;

import io.github.knockj.core.internal.Json;
import io.github.knockj.core.internal.Validate;
import java.time.Instant;
import java.util.Map;

/**
 * A user's subscription to an object.
 *
 * @param object the object
 * @param userId the subscriber
 * @param properties subscription properties, visible to templates as {@code recipient.subscription}
 * @param createdAt when subscribed
 */
public record Subscription(ObjectRef object, String userId, Map<String, Object> properties, Instant createdAt) {
    /**
     * Validates the subscription and copies its properties.
     *
     * @param object the object
     * @param userId the subscriber
     * @param properties subscription properties, visible to templates as {@code recipient.subscription}
     * @param createdAt when subscribed
     * @throws InvalidInputException for a null object, an invalid user id, or properties that are not
     *     JSON-compatible
     */
    public Subscription {
        Validate.notNull("subscription.object", object);
        Validate.id("subscription.userId", userId);
        properties = Json.copyMap("subscription.properties", properties);
    }
}
