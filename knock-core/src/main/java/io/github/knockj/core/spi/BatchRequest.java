package io.github.knockj.core.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * Asks a store to add a run's activity to the open batch for {@code key}, opening one if none is open.
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
                           String flushJobPayload) {}
