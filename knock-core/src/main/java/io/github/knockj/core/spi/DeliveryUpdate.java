package io.github.knockj.core.spi;

import io.github.knockj.core.DeliveryStatus;
import java.time.Instant;

/**
 * A change to a message's delivery status and attempt count, applied without touching engagement.
 * Core decides the status, the attempts and the history event (which it adds to the change set on
 * its own); a store writes exactly {@code status}, {@code attempts} and {@code updatedAt = at}, and
 * an update of a message that does not exist is ignored. Several updates of one message in a change
 * set apply in order, so the last one that applies wins.
 *
 * <p>A <em>guarded</em> update (one with an {@code expectedStatus}) applies only if the message is
 * still in that status when the change set is committed: the deliverer's outcome of a provider call
 * must not overwrite a status written while the call was out (a provider's callback reporting the
 * message delivered or bounced). When the guard fails, the store leaves the status and {@code
 * updatedAt} as they are, raises the attempt count to {@code attempts} if it is lower (the attempt
 * did happen), still writes the change set's history events, and reports the message in {@link
 * CommitResult#skippedDeliveries()}.
 *
 * @param messageId the message
 * @param status the new status
 * @param attempts the new attempt count
 * @param at when
 * @param expectedStatus the status the message must still be in for the update to apply, or null
 *     to apply it whatever the status
 */
public record DeliveryUpdate(String messageId, DeliveryStatus status, int attempts, Instant at, DeliveryStatus expectedStatus) {
    /**
     * An unguarded update: it applies whatever the message's status.
     *
     * @param messageId the message
     * @param status the new status
     * @param attempts the new attempt count
     * @param at when
     */
    public DeliveryUpdate(String messageId, DeliveryStatus status, int attempts, Instant at) {
        this(messageId, status, attempts, at, null);
    }

    /**
     * Whether this update applies to a message now in {@code current}.
     *
     * @param current the message's status when the update is committed
     * @return true if unguarded or {@code current} is the expected status
     */
    public boolean appliesTo(DeliveryStatus current) {
        return expectedStatus == null || expectedStatus == current;
    }
}
