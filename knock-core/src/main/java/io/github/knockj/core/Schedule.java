package io.github.knockj.core;

import java.time.Instant;
import java.util.Map;

/**
 * A recurring trigger of one workflow for one recipient, in that recipient's time zone.
 *
 * @param id schedule id
 * @param workflowKey the workflow triggered
 * @param recipient who it is for
 * @param actorId actor of each trigger, or null
 * @param tenant tenant of each trigger, or null
 * @param data data of each trigger
 * @param repeat when it fires
 * @param endsAt no occurrence after this, or null
 * @param nextOccurrence when it fires next, or null when it has ended
 * @param lastOccurrence when it last fired, or null
 * @param createdAt when created (intervals count from here)
 */
public record Schedule(String id, String workflowKey, Recipient recipient, String actorId, String tenant, Map<String, Object> data,
                       RepeatRule repeat, Instant endsAt, Instant nextOccurrence, Instant lastOccurrence, Instant createdAt) {}
