package io.github.knockj.core.internal;

import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.Step;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.internal.steps.StepHandlers;
import io.github.knockj.core.spi.BatchJoin;
import io.github.knockj.core.spi.Store;
import java.util.Map;

/**
 * Executes a run's steps from its cursor until it pauses or ends: checks each step's condition,
 * hands the step to its handler ({@link StepHandlers}), and retries a step that throws
 * ({@link StepRetries}). Every decision goes to the run log and every write to the {@link RunState},
 * which the caller commits.
 */
final class RunExecutor {
    private final StepHandlers handlers;

    RunExecutor(Store store, EngineConfig config, Map<String, ChannelRegistration> channels, Map<String, Workflow> workflows) {
        this.handlers = StepHandlers.standard(store, config, channels, workflows);
    }

    /** Runs steps from the cursor; on return the run is paused, terminal, or completed. */
    void advance(RunState s) {
        Workflow wf = s.workflow();
        s.activate();
        while (s.cursor() != null) {
            Step step = wf.step(s.cursor()).orElse(null);
            if (step == null) {
                s.fail(null, "the workflow has no step '" + s.cursor() + "' (was it renamed while this run was paused?)");
                return;
            }
            boolean goOn;
            try {
                if (step.condition() != null && !step.condition().test(s)) {
                    s.log(step.ref(), Outcome.SKIPPED_BY_CONDITION, "condition was false");
                    s.moveTo(wf.refAfter(step.ref()));
                    continue;
                }
                goOn = handlers.execute(s, step);
                if (s.awaitedJoin() != null) return; // the step's outcome comes with the join
                StepRetries.succeeded(s);
            } catch (RuntimeException e) {
                StepRetries.retryOrFail(s, step, e);
                return;
            }
            if (!goOn) return;
        }
        s.complete();
    }

    /** Goes on with a run whose batch step's request the engine made; the run then joins batches at once. */
    void joined(RunState s, BatchJoin join) {
        RunState.AwaitedJoin awaited = s.takeAwaitedJoin();
        StepRetries.succeeded(s);
        if (handlers.batch().joined(s, awaited.step(), join)) advance(s);
    }

    /** Retries or fails the batch step of a run whose request, made by the engine, failed. */
    void joinFailed(RunState s, RuntimeException e) {
        StepRetries.retryOrFail(s, s.takeAwaitedJoin().step(), e);
    }
}
