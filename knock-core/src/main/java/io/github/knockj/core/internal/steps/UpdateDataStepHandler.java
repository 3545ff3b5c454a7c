package io.github.knockj.core.internal.steps;

import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.UpdateDataStep;
import io.github.knockj.core.internal.Json;
import io.github.knockj.core.internal.RunState;
import java.util.Map;

/** Merges the step's update (shallow) into the run's data. */
final class UpdateDataStepHandler implements StepHandler<UpdateDataStep> {

    @Override
    public boolean execute(RunState s, UpdateDataStep step) {
        Map<String, ?> update = step.update().apply(s);
        s.setData(Json.shallowMerge(s.data(), Json.copyMap("updateData." + step.ref(), update)));
        s.log(step.ref(), Outcome.DATA_UPDATED, "keys " + (update == null ? "[]" : update.keySet()));
        s.moveAfter(step);
        return true;
    }
}
