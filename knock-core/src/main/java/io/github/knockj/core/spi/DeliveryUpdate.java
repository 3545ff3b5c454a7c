package io.github.knockj.core.spi;

import io.github.knockj.core.DeliveryStatus;
import java.time.Instant;

/**
 * A change to a message's delivery status and attempt count, applied without touching engagement.
 *
 * @param messageId the message
 * @param status the new status
 * @param attempts the new attempt count
 * @param at when
 */
public record DeliveryUpdate(String messageId, DeliveryStatus status, int attempts, Instant at) {}
