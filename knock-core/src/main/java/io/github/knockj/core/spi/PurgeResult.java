package io.github.knockj.core.spi;

import java.util.EnumMap;
import java.util.Map;

/**
 * How many rows one {@link RetentionStore#purge(PurgeRequest)} call deleted, per kind. Rows deleted
 * along with their owner (a run's log, a message's history) are not counted.
 *
 * @param deleted rows deleted per kind; a kind the request did not name is absent
 */
public record PurgeResult(Map<RetentionKind, Integer> deleted) {
    /**
     * Copies {@code deleted}.
     *
     * @param deleted rows deleted per kind
     */
    public PurgeResult {
        deleted = deleted.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(deleted));
    }

    /**
     * Rows deleted of one kind.
     *
     * @param kind the kind
     * @return how many rows of it were deleted, zero if none or not asked for
     */
    public int deleted(RetentionKind kind) {
        return deleted.getOrDefault(kind, 0);
    }

    /** {@return the rows deleted over all kinds} */
    public int total() {
        int n = 0;
        for (int d : deleted.values()) n += d;
        return n;
    }
}
