package io.github.knockj.core;

import java.util.Map;
import java.util.function.Function;

/** Factories for workflow steps. Each step's ref must be unique within its workflow. */
public final class Steps {
    private Steps() {}

    /**
     * A channel step sending on the channel registered under {@code channelKey}.
     *
     * @param ref the step's ref
     * @param channelKey a channel registered on the Notifier (checked when it is built)
     * @return a new step; set its templates
     */
    public static ChannelStep channel(String ref, String channelKey) {
        return new ChannelStep(ref, channelKey);
    }

    /**
     * A delay step; set its duration or timestamp path.
     *
     * @param ref the step's ref
     * @return a new step
     */
    public static DelayStep delay(String ref) {
        return new DelayStep(ref);
    }

    /**
     * A delay step waiting a fixed duration.
     *
     * @param ref the step's ref
     * @param duration positive, at most {@link DelayStep#MAX_DELAY}
     * @return a new step
     * @throws IllegalArgumentException if the duration is out of range
     */
    public static DelayStep delay(String ref, java.time.Duration duration) {
        return new DelayStep(ref).duration(duration);
    }

    /**
     * A batch (digest) step; set its window.
     *
     * @param ref the step's ref
     * @return a new step
     */
    public static BatchStep batch(String ref) {
        return new BatchStep(ref);
    }

    /**
     * A throttle step; set its limit and window.
     *
     * @param ref the step's ref
     * @return a new step
     */
    public static ThrottleStep throttle(String ref) {
        return new ThrottleStep(ref);
    }

    /**
     * A branch step; add branches and a default.
     *
     * @param ref the step's ref
     * @return a new step
     */
    public static BranchStep branch(String ref) {
        return new BranchStep(ref);
    }

    /**
     * A step that merges computed values into the run's data.
     *
     * @param ref the step's ref
     * @param update computes the values to merge from the run
     * @return a new step
     */
    public static UpdateDataStep updateData(String ref, Function<RunContext, Map<String, ?>> update) {
        return new UpdateDataStep(ref, update);
    }

    /**
     * A fetch step calling an HTTP endpoint; set its URL.
     *
     * @param ref the step's ref
     * @return a new step
     */
    public static FetchStep fetch(String ref) {
        return new FetchStep(ref);
    }

    /**
     * A step that triggers another workflow for the run's recipient.
     *
     * @param ref the step's ref
     * @param workflowKey a workflow registered on the Notifier (checked when it is built)
     * @return a new step
     */
    public static TriggerWorkflowStep triggerWorkflow(String ref, String workflowKey) {
        return new TriggerWorkflowStep(ref, workflowKey);
    }
}
