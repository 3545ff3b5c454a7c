package io.github.knockj.core.internal.steps;

import io.github.knockj.core.BatchStep;
import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.internal.BatchFlushPayload;
import io.github.knockj.core.internal.Ids;
import io.github.knockj.core.internal.RunState;
import io.github.knockj.core.spi.BatchActivity;
import io.github.knockj.core.spi.BatchJoin;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.Store;
import java.time.Duration;
import java.time.Instant;

/**
 * Adds the run's activity to its batch: the first run holds the batch (paused until the flush
 * resumes it), later ones are absorbed, and a leading item flushed at once goes on. When the engine
 * joins the batches of a chunk together, the request is left on the run and {@link #joined} follows.
 */
public final class BatchStepHandler implements StepHandler<BatchStep> {
    private final Store store;

    BatchStepHandler(Store store) {
        this.store = store;
    }

    @Override
    public boolean execute(RunState s, BatchStep step) {
        Instant now = s.now();
        Instant closeAt;
        if (step.window() != null) {
            closeAt = now.plus(step.window());
        } else {
            closeAt = TimeValues.windowFromData(s.value(step.windowPath()), now);
            if (closeAt == null) {
                s.log(step.ref(), Outcome.BATCH_EMPTY, "no valid window at '" + step.windowPath() + "'; batch step skipped");
                s.moveAfter(step);
                return true;
            }
        }
        String renderedKey = step.key() == null ? "" : io.github.knockj.core.internal.Templates.renderingAt(s.now(), () -> step.key().render(s.vars(), false));
        String key = s.workflow().key() + "|" + step.ref() + "|" + s.recipient().key() + "|" + renderedKey;
        Duration sliding = step.isSliding() ? Duration.between(now, closeAt) : null;
        Instant maxCloseAt = step.isSliding() ? now.plus(step.maxWindow()) : null;
        BatchRequest request = new BatchRequest(key,
                new BatchActivity(s.original().id(), s.original().actorId(), s.data(), now), now, closeAt, sliding, maxCloseAt,
                step.maxActivities(), step.flushesLeadingItem(), Ids.next(), new BatchFlushPayload(s.workflow().key(), step.ref()).encode());
        if (s.joinsBatchesLater()) {
            s.awaitJoin(step, request);
            return false;
        }
        return joined(s, step, store.addToBatch(request));
    }

    /**
     * Goes on from the outcome of the run's batch request.
     *
     * @return true to go on with the step after the batch step
     */
    public boolean joined(RunState s, BatchStep step, BatchJoin join) {
        String next = s.workflow().refAfter(step.ref());
        switch (join.outcome()) {
            case HOLDER -> {
                s.putState("batch_id", join.batchId());
                s.log(step.ref(), Outcome.BATCH_OPENED, "holding batch " + join.batchId() + " until " + join.closeAt());
                s.pauseUntilWoken(next);
                return false;
            }
            case JOINED -> {
                s.end(RunStatus.ABSORBED);
                s.log(step.ref(), Outcome.BATCH_JOINED, "activity added to batch " + join.batchId());
                return false;
            }
            default -> {
                s.log(step.ref(), Outcome.BATCH_FLUSHED, "leading item of batch " + join.batchId() + " sent at once");
                s.moveTo(next);
                return true;
            }
        }
    }
}
