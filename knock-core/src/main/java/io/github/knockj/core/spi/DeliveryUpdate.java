package io.github.knockj.core.spi;

import io.github.knockj.core.DeliveryStatus;
import java.time.Instant;
import java.util.List;

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
 * <p>An update may carry jobs that belong to it ({@code jobsIfApplied}, the deliverer's {@code
 * message.<status>} webhook notices): the store inserts them, in the same commit as the rest of the
 * change set, only if the update applied (the message exists and, for a guarded update, was still in
 * its expected status), so no notice announces a status that was not written. An unguarded update of
 * an existing message always applies, so its jobs are always written.
 *
 * @param messageId the message
 * @param status the new status
 * @param attempts the new attempt count
 * @param at when
 * @param expectedStatus the status the message must still be in for the update to apply, or null
 *     to apply it whatever the status
 * @param jobsIfApplied jobs to insert only if this update applies; null means none
 */
public record DeliveryUpdate(String messageId, DeliveryStatus status, int attempts, Instant at, DeliveryStatus expectedStatus,
        List<Job> jobsIfApplied) {
    /**
     * Copies {@code jobsIfApplied} (null becomes empty).
     *
     * @param messageId the message
     * @param status the new status
     * @param attempts the new attempt count
     * @param at when
     * @param expectedStatus the status the message must still be in for the update to apply, or null
     *     to apply it whatever the status
     * @param jobsIfApplied jobs to insert only if this update applies; null means none
     */
    public DeliveryUpdate {
        jobsIfApplied = jobsIfApplied == null ? List.of() : List.copyOf(jobsIfApplied);
    }

    /**
     * An update without jobs of its own.
     *
     * @param messageId the message
     * @param status the new status
     * @param attempts the new attempt count
     * @param at when
     * @param expectedStatus the status the message must still be in for the update to apply, or null
     *     to apply it whatever the status
     */
    public DeliveryUpdate(String messageId, DeliveryStatus status, int attempts, Instant at, DeliveryStatus expectedStatus) {
        this(messageId, status, attempts, at, expectedStatus, List.of());
    }

    /**
     * An unguarded update: it applies whatever the message's status.
     *
     * @param messageId the message
     * @param status the new status
     * @param attempts the new attempt count
     * @param at when
     */
    public DeliveryUpdate(String messageId, DeliveryStatus status, int attempts, Instant at) {
        this(messageId, status, attempts, at, null, List.of());
    }

    /**
     * This update with {@code jobs} added to the jobs written only if it applies.
     *
     * @param jobs the jobs to add
     * @return the new update
     */
    public DeliveryUpdate withJobsIfApplied(List<Job> jobs) {
        if (jobs.isEmpty()) return this;
        List<Job> all = new java.util.ArrayList<>(jobsIfApplied);
        all.addAll(jobs);
        return new DeliveryUpdate(messageId, status, attempts, at, expectedStatus, all);
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
