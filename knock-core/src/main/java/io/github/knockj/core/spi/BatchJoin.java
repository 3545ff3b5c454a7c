package io.github.knockj.core.spi;

import java.time.Instant;

/**
 * The answer to a {@link BatchRequest}. Asking again for the same run gives the same answer.
 *
 * @param batchId the batch the activity is in (or that the leading run opened)
 * @param outcome what happened
 * @param closeAt when the batch will close as of now
 */
public record BatchJoin(String batchId, Outcome outcome, Instant closeAt) {
    /** What adding an activity did. */
    public enum Outcome {
        /** The run holds the batch: it pauses and continues when the batch closes. */
        HOLDER,
        /** The run's activity joined a batch another run holds: the run ends as absorbed. */
        JOINED,
        /** The run opened a flush-leading batch: it continues at once, uncounted. */
        LEADING
    }
}
