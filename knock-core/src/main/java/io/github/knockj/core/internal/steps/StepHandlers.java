package io.github.knockj.core.internal.steps;

import io.github.knockj.core.BatchStep;
import io.github.knockj.core.BranchStep;
import io.github.knockj.core.ChannelStep;
import io.github.knockj.core.DelayStep;
import io.github.knockj.core.FetchStep;
import io.github.knockj.core.Step;
import io.github.knockj.core.ThrottleStep;
import io.github.knockj.core.TriggerWorkflowStep;
import io.github.knockj.core.UpdateDataStep;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.internal.ChannelRegistration;
import io.github.knockj.core.internal.EngineConfig;
import io.github.knockj.core.internal.RunState;
import io.github.knockj.core.spi.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place step handlers are registered: one {@link StepHandler} per class the sealed
 * {@link Step} permits, checked when built, so a step type without a handler fails when the
 * Notifier is built rather than when a run reaches such a step.
 */
public final class StepHandlers {
    private final Map<Class<?>, Registered<?>> byType;
    private final BatchStepHandler batch;

    /**
     * Checks and indexes {@code handlers}.
     *
     * @throws IllegalStateException if a permitted step class has no handler, or two handlers claim one class
     */
    StepHandlers(List<Registered<?>> handlers) {
        Map<Class<?>, Registered<?>> map = new HashMap<>();
        for (Registered<?> r : handlers) {
            Registered<?> previous = map.put(r.type(), r);
            if (previous != null) {
                throw new IllegalStateException("two step handlers for " + r.type().getSimpleName() + ": "
                        + previous.handler().getClass().getSimpleName() + " and " + r.handler().getClass().getSimpleName());
            }
        }
        List<String> missing = new ArrayList<>();
        for (Class<?> permitted : Step.class.getPermittedSubclasses()) {
            if (!map.containsKey(permitted)) missing.add(permitted.getSimpleName());
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no step handler for step type(s) " + missing
                    + ": write a StepHandler for each and register it in StepHandlers.standard");
        }
        this.byType = Map.copyOf(map);
        this.batch = map.get(BatchStep.class).handler() instanceof BatchStepHandler b ? b : null;
    }

    /** The handlers of every step type, for an engine with these collaborators. */
    public static StepHandlers standard(Store store, EngineConfig config, Map<String, ChannelRegistration> channels,
                                        Map<String, Workflow> workflows) {
        return new StepHandlers(List.of(
                handler(ChannelStep.class, new ChannelStepHandler(store, config, channels)),
                handler(DelayStep.class, new DelayStepHandler()),
                handler(BatchStep.class, new BatchStepHandler(store)),
                handler(ThrottleStep.class, new ThrottleStepHandler(store)),
                handler(BranchStep.class, new BranchStepHandler()),
                handler(UpdateDataStep.class, new UpdateDataStepHandler()),
                handler(FetchStep.class, new FetchStepHandler(config.fetchPolicy())),
                handler(TriggerWorkflowStep.class, new TriggerWorkflowStepHandler(config.maxTriggerDepth(), workflows))));
    }

    /** A handler with the step class it executes (the type checks that they match). */
    static <S extends Step> Registered<S> handler(Class<S> type, StepHandler<S> handler) {
        return new Registered<>(type, handler);
    }

    /**
     * Executes {@code step} with its handler.
     *
     * @return true to go on at once with the step the cursor now names
     */
    public boolean execute(RunState s, Step step) {
        return byType.get(step.getClass()).execute(s, step);
    }

    /** The batch step's handler, which also goes on with a run once the engine joined its batch. */
    public BatchStepHandler batch() {
        if (batch == null) throw new IllegalStateException("batch steps are not handled by BatchStepHandler");
        return batch;
    }

    /** One registration: a step class and its handler. */
    record Registered<S extends Step>(Class<S> type, StepHandler<S> handler) {
        boolean execute(RunState s, Step step) {
            return handler.execute(s, type.cast(step));
        }
    }
}
