package io.github.knockj.core.internal.steps;

import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.ThrottleStep;
import io.github.knockj.core.internal.RunState;
import io.github.knockj.core.spi.Store;

/** Lets a run pass while its recipient's key has had fewer than the limit within the window; stops it otherwise. */
final class ThrottleStepHandler implements StepHandler<ThrottleStep> {
    private final Store store;

    ThrottleStepHandler(Store store) {
        this.store = store;
    }

    @Override
    public boolean execute(RunState s, ThrottleStep step) {
        String renderedKey = step.key() == null ? "" : io.github.knockj.core.internal.Templates.renderingAt(s.now(), () -> step.key().render(s.vars(), false));
        String key = "throttle|" + s.workflow().key() + "|" + step.ref() + "|" + s.recipient().key() + "|" + renderedKey;
        if (!store.acquireThrottle(key, s.original().id(), s.now(), step.window(), step.limit())) {
            s.end(RunStatus.STOPPED);
            s.log(step.ref(), Outcome.THROTTLED, "more than " + step.limit() + " runs within " + step.window());
            return false;
        }
        s.log(step.ref(), Outcome.THROTTLE_PASSED, null);
        s.moveAfter(step);
        return true;
    }
}
