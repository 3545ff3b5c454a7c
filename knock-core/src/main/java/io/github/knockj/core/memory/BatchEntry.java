package io.github.knockj.core.memory;

import io.github.knockj.core.spi.BatchActivity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch as {@link MemoryState} keeps it: its key, window, activities in insertion order and flush
 * job. Guarded by the state's lock. Its holder is not stored: it is the run of the earliest remaining
 * activity, so removing a cancelled holder's activity hands the batch over by itself.
 */
final class BatchEntry {
    final String id;
    final String key;
    boolean open = true;
    Instant closeAt;
    final Instant maxCloseAt;
    final List<BatchActivity> activities = new ArrayList<>();
    final String flushJobId;

    BatchEntry(String id, String key, Instant closeAt, Instant maxCloseAt, String flushJobId) {
        this.id = id;
        this.key = key;
        this.closeAt = closeAt;
        this.maxCloseAt = maxCloseAt;
        this.flushJobId = flushJobId;
    }

    /** The run of the earliest remaining activity: the one that continues with the batch. */
    String holder() {
        return activities.isEmpty() ? null : activities.get(0).runId();
    }
}
