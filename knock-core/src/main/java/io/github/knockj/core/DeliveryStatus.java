package io.github.knockj.core;

/**
 * Where a message stands in delivery. {@link #QUEUED} until the provider takes it; then
 * {@link #SENT} (accepted by a provider that cannot confirm delivery) or {@link #DELIVERED};
 * {@link #DELIVERY_ATTEMPTED} while retries go on; {@link #UNDELIVERED} when they are exhausted or
 * the failure is permanent; {@link #BOUNCED} when the provider reports a bounce; {@link #NOT_SENT}
 * when the engine decided not to send (a render failure, a send window the run was cancelled in).
 */
public enum DeliveryStatus {
    /** Stored, waiting for its delivery job. */
    QUEUED,
    /** Accepted by a provider that cannot confirm delivery. */
    SENT,
    /** Delivered, as the provider confirmed. */
    DELIVERED,
    /** An attempt failed; retries go on. */
    DELIVERY_ATTEMPTED,
    /** Retries exhausted or the failure was permanent. */
    UNDELIVERED,
    /** The engine decided not to send. */
    NOT_SENT,
    /** The provider reported a bounce. */
    BOUNCED;

    /**
     * True for statuses no further delivery attempt will change.
     *
     * @return true for SENT, DELIVERED, UNDELIVERED, NOT_SENT and BOUNCED
     */
    public boolean isFinal() {
        return this == SENT || this == DELIVERED || this == UNDELIVERED || this == NOT_SENT || this == BOUNCED;
    }
}
