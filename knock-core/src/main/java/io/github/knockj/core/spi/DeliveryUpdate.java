package io.github.knockj.core.spi;

import io.github.knockj.core.DeliveryStatus;
import java.time.Instant;

/**
 * A change to a message's delivery status and attempt count, applied without touching engagement.
 * Core decides the status, the attempts and the history event (which it adds to the change set on
 * its own); a store writes exactly {@code status}, {@code attempts} and {@code updatedAt = at}, and
 * an update of a message that does not exist is ignored. Several updates of one message in a change
 * set apply in order, so the last one wins.
 *
 * @param messageId the message
 * @param status the new status
 * @param attempts the new attempt count
 * @param at when
 */
public record DeliveryUpdate(String messageId, DeliveryStatus status, int attempts, Instant at) {}
