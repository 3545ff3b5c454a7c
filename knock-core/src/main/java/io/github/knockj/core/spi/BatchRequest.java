package io.github.knockj.core.spi;

import io.github.knockj.core.internal.BatchWindowRule;
import java.time.Duration;
import java.time.Instant;

/**
 * Asks a store to add a run's activity to the open batch for {@code key}, opening one if none is open.
 * It carries the join rules too: a store evaluates {@link #afterJoin} under its lock on the batch to
 * learn whether the join moves or closes it.
 *
 * @param key the batch key (workflow, step, recipient and rendered batch key); at most one batch per key is open
 * @param activity the activity to add
 * @param now the current time
 * @param closeAt when a batch opened by this request closes
 * @param slidingWindow if not null, every added activity moves the close to {@code now + slidingWindow}
 * @param maxCloseAt the latest close a sliding window may reach (required with {@code slidingWindow})
 * @param maxActivities the batch closes at once when it holds this many activities (0 for no limit)
 * @param flushLeading the activity that opens the batch is not collected: its run continues at once
 * @param flushJobId the id to give the flush job when a batch is opened
 * @param flushJobPayload the payload to give that job (the engine's note of which step it belongs to)
 */
public record BatchRequest(String key, BatchActivity activity, Instant now, Instant closeAt, Duration slidingWindow,
                           Instant maxCloseAt, int maxActivities, boolean flushLeading, String flushJobId,
                           String flushJobPayload) {

    /**
     * Where a batch's window stands after a join.
     *
     * @param closeAt when the batch closes (the flush job is due then)
     * @param close true if the batch closes now: it takes no further activity
     */
    public record Window(Instant closeAt, boolean close) {}

    /**
     * The batch's window after this request added its activity, evaluated by the store under its
     * lock on the batch with what it read there. With a {@code slidingWindow}, every activity after
     * the first moves the close to {@code now + slidingWindow}, never earlier than it was and never
     * past the batch's {@code maxCloseAt}; with {@code maxActivities}, the batch closes at {@code now}
     * once it holds that many. The store then moves the batch's close (and its flush job's due time,
     * unless the job is leased) to {@link Window#closeAt}, and closes the batch if {@link Window#close}.
     *
     * @param closeAt the batch's close before the join
     * @param batchMaxCloseAt the latest close stored with the batch when it opened (the opener's {@code maxCloseAt}), or null
     * @param activities how many activities the batch holds, this one included
     * @return the batch's close and whether it closes now
     */
    public Window afterJoin(Instant closeAt, Instant batchMaxCloseAt, int activities) {
        return BatchWindowRule.afterJoin(this, closeAt, batchMaxCloseAt, activities);
    }

    /**
     * {@return whether this join may move or close its batch} If false, {@link #afterJoin} returns
     * the close unchanged for any count, so a store need not count the batch's activities.
     */
    public boolean movesWindow() {
        return BatchWindowRule.movesWindow(this);
    }
}
