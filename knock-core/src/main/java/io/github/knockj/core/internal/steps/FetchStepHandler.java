package io.github.knockj.core.internal.steps;

import io.github.knockj.core.FetchPolicy;
import io.github.knockj.core.FetchStep;
import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.internal.Json;
import io.github.knockj.core.internal.RunState;
import java.time.Duration;
import java.util.Map;

/**
 * Calls the step's URL and merges the JSON response into the run's data; a retryable failure
 * pauses the run for the step's own retry delays, then the run fails.
 */
final class FetchStepHandler implements StepHandler<FetchStep> {
    private final Fetcher fetcher;

    FetchStepHandler(FetchPolicy policy) {
        this.fetcher = new Fetcher(policy);
    }

    @Override
    public boolean execute(RunState s, FetchStep step) {
        Fetcher.Result r = io.github.knockj.core.internal.Templates.renderingAt(s.now(), () -> fetcher.fetch(step, s.vars()));
        if (r.ok()) {
            Map<String, Object> body = r.body();
            s.setData(step.responsePath() == null ? Json.shallowMerge(s.data(), body)
                    : Json.shallowMerge(s.data(), Map.of(step.responsePath(), body)));
            s.putState("fetch_attempts", null);
            s.log(step.ref(), Outcome.FETCHED, "merged keys " + body.keySet());
            s.moveAfter(step);
            return true;
        }
        int attempts = s.stateValue("fetch_attempts") instanceof Number n ? n.intValue() : 0;
        if (r.retryable() && attempts < FetchStep.DEFAULT_RETRY_DELAYS.length) {
            Duration wait = FetchStep.DEFAULT_RETRY_DELAYS[attempts];
            s.putState("fetch_attempts", attempts + 1);
            s.log(step.ref(), Outcome.FETCH_RETRY, r.error() + "; retrying in " + wait);
            s.pause(step.ref(), s.now().plus(wait));
            return false;
        }
        s.fail(step.ref(), "fetch failed: " + r.error());
        return false;
    }
}
