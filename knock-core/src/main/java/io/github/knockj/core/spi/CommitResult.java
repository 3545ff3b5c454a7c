package io.github.knockj.core.spi;

import java.util.Set;

/**
 * What a {@link Store#commit(ChangeSet)} skipped.
 *
 * @param skippedRuns ids of runs whose {@link RunChanges} were not applied because the run already
 *                    existed (for new runs) or had moved on (for updates)
 * @param skippedDeliveries ids of messages with a guarded {@link DeliveryUpdate} that did not apply
 *                    because the message was no longer in the expected status
 */
public record CommitResult(Set<String> skippedRuns, Set<String> skippedDeliveries) {
    /** A result that skipped nothing. */
    public static final CommitResult NONE_SKIPPED = new CommitResult(Set.of(), Set.of());

    /**
     * Copies both sets.
     *
     * @param skippedRuns ids of runs whose {@link RunChanges} were not applied because the run already
     *     existed (for new runs) or had moved on (for updates)
     * @param skippedDeliveries ids of messages with a guarded {@link DeliveryUpdate} that did not apply
     */
    public CommitResult {
        skippedRuns = Set.copyOf(skippedRuns);
        skippedDeliveries = Set.copyOf(skippedDeliveries);
    }

    /**
     * A result that skipped runs and no delivery update.
     *
     * @param skippedRuns ids of runs whose {@link RunChanges} were not applied
     */
    public CommitResult(Set<String> skippedRuns) {
        this(skippedRuns, Set.of());
    }

    /**
     * A result with these skipped runs and delivery updates, or {@link #NONE_SKIPPED} if both are null or empty.
     *
     * @param skippedRuns ids of skipped runs, or null
     * @param skippedDeliveries ids of messages whose guarded delivery update did not apply, or null
     * @return the result
     */
    public static CommitResult of(Set<String> skippedRuns, Set<String> skippedDeliveries) {
        boolean noRuns = skippedRuns == null || skippedRuns.isEmpty();
        boolean noDeliveries = skippedDeliveries == null || skippedDeliveries.isEmpty();
        if (noRuns && noDeliveries) return NONE_SKIPPED;
        return new CommitResult(noRuns ? Set.of() : skippedRuns, noDeliveries ? Set.of() : skippedDeliveries);
    }
}
