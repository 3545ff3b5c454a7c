package io.github.knockj.core.internal;

import io.github.knockj.core.spi.BatchRequest;
import java.time.Instant;

/**
 * How a join moves or closes its batch. Stores reach it through {@link BatchRequest#afterJoin},
 * evaluated under their lock on the batch with what they read there, so every store moves batches
 * alike.
 */
public final class BatchWindowRule {
    private BatchWindowRule() {}

    /**
     * The batch's close after {@code req} added its activity. With a sliding window, every activity
     * after the first moves the close to {@code now + slidingWindow}, never earlier than it was and
     * never past {@code maxCloseAt}. With an activity limit, the batch closes at once
     * ({@code now}) when it holds that many.
     *
     * @param closeAt the batch's close before the join
     * @param maxCloseAt the latest close the batch may reach (set when it opened), or null
     * @param activities how many activities the batch holds with this one
     */
    public static BatchRequest.Window afterJoin(BatchRequest req, Instant closeAt, Instant maxCloseAt, int activities) {
        if (req.maxActivities() > 0 && activities >= req.maxActivities()) return new BatchRequest.Window(req.now(), true);
        Instant next = closeAt;
        if (req.slidingWindow() != null && activities > 1) {
            Instant slid = req.now().plus(req.slidingWindow());
            if (maxCloseAt != null && slid.isAfter(maxCloseAt)) slid = maxCloseAt;
            if (slid.isAfter(next)) next = slid;
        }
        return new BatchRequest.Window(next, false);
    }

    /** Whether a join of {@code req} may move or close its batch; if not, {@link #afterJoin} keeps the close for any count. */
    public static boolean movesWindow(BatchRequest req) {
        return req.slidingWindow() != null || req.maxActivities() > 0;
    }
}
