package io.github.knockj.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One notification to one recipient on one channel, produced by a channel step of a workflow run.
 *
 * @param id message id, time-ordered
 * @param runId the workflow run that produced it
 * @param workflowKey the run's workflow
 * @param stepRef the channel step that produced it
 * @param channelKey the channel it goes out on
 * @param channelType that channel's type
 * @param recipient who it is for
 * @param tenant the trigger's tenant, or null
 * @param actorId the trigger's actor, or null
 * @param categories the workflow's categories
 * @param content rendered content fields, such as {@code subject}, {@code html}, {@code text}, {@code body}
 * @param data the trigger data the message was rendered from (plus batch values for digests)
 * @param status delivery status
 * @param attempts delivery attempts made so far
 * @param seenAt when first seen, or null
 * @param readAt when read, or null
 * @param interactedAt when interacted with, or null
 * @param linkClickedAt when a tracked link was clicked, or null
 * @param archivedAt when archived, or null
 * @param createdAt when created
 * @param updatedAt when last changed
 */
public record Message(String id, String runId, String workflowKey, String stepRef, String channelKey, ChannelType channelType,
                      Recipient recipient, String tenant, String actorId, List<String> categories,
                      Map<String, String> content, Map<String, Object> data, DeliveryStatus status, int attempts,
                      Instant seenAt, Instant readAt, Instant interactedAt, Instant linkClickedAt, Instant archivedAt,
                      Instant createdAt, Instant updatedAt) {

    /**
     * Copies {@code categories} and {@code content} into unmodifiable collections.
     *
     * @param id message id, time-ordered
     * @param runId the workflow run that produced it
     * @param workflowKey the run's workflow
     * @param stepRef the channel step that produced it
     * @param channelKey the channel it goes out on
     * @param channelType that channel's type
     * @param recipient who it is for
     * @param tenant the trigger's tenant, or null
     * @param actorId the trigger's actor, or null
     * @param categories the workflow's categories
     * @param content rendered content fields, such as {@code subject}, {@code html}, {@code text}, {@code body}
     * @param data the trigger data the message was rendered from (plus batch values for digests)
     * @param status delivery status
     * @param attempts delivery attempts made so far
     * @param seenAt when first seen, or null
     * @param readAt when read, or null
     * @param interactedAt when interacted with, or null
     * @param linkClickedAt when a tracked link was clicked, or null
     * @param archivedAt when archived, or null
     * @param createdAt when created
     * @param updatedAt when last changed
     */
    public Message {
        categories = List.copyOf(categories);
        content = Map.copyOf(content);
    }

    /** {@return true if the message has been seen} */
    public boolean isSeen() { return seenAt != null; }
    /** {@return true if the message has been read} */
    public boolean isRead() { return readAt != null; }
    /** {@return true if the message is archived} */
    public boolean isArchived() { return archivedAt != null; }

    /**
     * When {@code e} happened, or null if it has not (or was undone).
     *
     * @param e the engagement
     * @return its time, or null
     */
    public Instant engagedAt(Engagement e) {
        return switch (e) {
            case SEEN -> seenAt;
            case READ -> readAt;
            case INTERACTED -> interactedAt;
            case LINK_CLICKED -> linkClickedAt;
            case ARCHIVED -> archivedAt;
        };
    }

    /**
     * A copy with delivery status and attempt count changed.
     *
     * @param newStatus the new delivery status
     * @param newAttempts the new attempt count
     * @param now the new {@code updatedAt}
     * @return the copy; this message is unchanged
     */
    public Message withDelivery(DeliveryStatus newStatus, int newAttempts, Instant now) {
        return new Message(id, runId, workflowKey, stepRef, channelKey, channelType, recipient, tenant, actorId, categories,
                content, data, newStatus, newAttempts, seenAt, readAt, interactedAt, linkClickedAt, archivedAt, createdAt, now);
    }

    /**
     * A copy with engagement {@code e} set at {@code at} (or cleared when {@code at} is null). Setting
     * READ, INTERACTED or LINK_CLICKED also sets SEEN, and INTERACTED or LINK_CLICKED also READ, when
     * they are not set yet; an existing timestamp is kept. Clearing clears only {@code e}. The rule
     * is {@link io.github.knockj.core.spi.EngagementChange}'s, which stores apply.
     *
     * @param e the engagement
     * @param at when it happened, or null to clear it
     * @param now the new {@code updatedAt}
     * @return the copy; this message is unchanged
     */
    public Message withEngagement(Engagement e, Instant at, Instant now) {
        return new io.github.knockj.core.spi.EngagementChange(e, at, now).applyTo(this);
    }
}
