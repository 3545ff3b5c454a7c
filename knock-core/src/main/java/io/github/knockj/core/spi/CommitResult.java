package io.github.knockj.core.spi;

import java.util.Set;

/**
 * What a {@link Store#commit(ChangeSet)} skipped.
 *
 * @param skippedRuns ids of runs whose {@link RunChanges} were not applied because the run already
 *                    existed (for new runs) or had moved on (for updates)
 */
public record CommitResult(Set<String> skippedRuns) {
    /** A result that skipped nothing. */
    public static final CommitResult NONE_SKIPPED = new CommitResult(Set.of());

    /**
     * Copies {@code skippedRuns}.
     *
     * @param skippedRuns ids of runs whose {@link RunChanges} were not applied because the run already
     *     existed (for new runs) or had moved on (for updates)
     */
    public CommitResult {
        skippedRuns = Set.copyOf(skippedRuns);
    }
}
