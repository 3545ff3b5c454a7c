package io.github.knockj.core.spi;

import io.github.knockj.core.Recipient;
import java.time.Instant;
import java.util.List;

/**
 * A recorded cancel, kept for a short window so that runs created just after it (by a trigger
 * processed late, or sent just after the cancel) are cancelled too.
 *
 * @param workflowKey the workflow
 * @param cancellationKey the key
 * @param recipients only these recipients; empty for all
 * @param at when the cancel was requested
 */
public record Cancellation(String workflowKey, String cancellationKey, List<Recipient> recipients, Instant at) {
    /**
     * Copies {@code recipients}.
     *
     * @param workflowKey the workflow
     * @param cancellationKey the key
     * @param recipients only these recipients; empty for all
     * @param at when the cancel was requested
     */
    public Cancellation {
        recipients = List.copyOf(recipients);
    }

    /**
     * {@return true if the cancellation applies to {@code r}: it names no recipients, or names {@code r}}
     *
     * @param r a run's recipient
     */
    public boolean covers(Recipient r) {
        return recipients.isEmpty() || recipients.contains(r);
    }
}
