package io.github.knockj.core.spi;

import java.time.Instant;
import java.util.List;

/**
 * The answer to {@link Store#closeBatch}: either not yet due (a sliding window moved the close), or
 * closed with what it collected. Closing again returns the same contents.
 *
 * @param due false if the batch closes later, at {@code closeAt}
 * @param closeAt when the batch closes (or closed)
 * @param holderRunId the run that continues with the batch: the run of its earliest remaining activity; null when none is left
 * @param totalActivities how many activities it collected
 * @param totalActors how many distinct actors those had
 * @param activities up to the requested number of activities (first or last), in the order they joined
 * @param actorIds distinct actor ids in order of first appearance, up to the requested number
 */
public record BatchClose(boolean due, Instant closeAt, String holderRunId, int totalActivities, int totalActors,
                         List<BatchActivity> activities, List<String> actorIds) {
    /**
     * The answer when the batch closes later.
     *
     * @param closeAt when the batch closes
     * @return a result with {@code due} false and no contents
     */
    public static BatchClose notDue(Instant closeAt) {
        return new BatchClose(false, closeAt, null, 0, 0, List.of(), List.of());
    }
}
