package io.github.knockj.core;

import java.util.Map;
import java.util.function.Function;

/** Factories for workflow steps. Each step's ref must be unique within its workflow. */
public final class Steps {
    private Steps() {}

    /** A channel step sending on the channel registered under {@code channelKey}. */
    public static ChannelStep channel(String ref, String channelKey) {
        return new ChannelStep(ref, channelKey);
    }

    public static DelayStep delay(String ref) {
        return new DelayStep(ref);
    }

    public static DelayStep delay(String ref, java.time.Duration duration) {
        return new DelayStep(ref).duration(duration);
    }

    public static BatchStep batch(String ref) {
        return new BatchStep(ref);
    }

    public static ThrottleStep throttle(String ref) {
        return new ThrottleStep(ref);
    }

    public static BranchStep branch(String ref) {
        return new BranchStep(ref);
    }

    public static UpdateDataStep updateData(String ref, Function<RunContext, Map<String, ?>> update) {
        return new UpdateDataStep(ref, update);
    }

    public static FetchStep fetch(String ref) {
        return new FetchStep(ref);
    }

    public static TriggerWorkflowStep triggerWorkflow(String ref, String workflowKey) {
        return new TriggerWorkflowStep(ref, workflowKey);
    }
}
