package io.github.knockj.core.internal.steps;

import io.github.knockj.core.DelayStep;
import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.internal.RunState;
import java.time.Instant;

/** Pauses the run for a fixed duration or until a timestamp in its data. */
final class DelayStepHandler implements StepHandler<DelayStep> {

    @Override
    public boolean execute(RunState s, DelayStep step) {
        String next = s.workflow().refAfter(step.ref());
        if (s.original().skipDelays()) {
            s.log(step.ref(), Outcome.DELAY_SKIPPED, "delays are skipped for this trigger");
            s.moveTo(next);
            return true;
        }
        Instant now = s.now();
        Instant until;
        if (step.duration() != null) {
            until = now.plus(step.duration());
        } else {
            Object v = s.value(step.untilPath());
            Instant at = TimeValues.parseInstant(v);
            if (at == null) {
                s.log(step.ref(), Outcome.DELAY_SKIPPED, v == null ? "no timestamp at '" + step.untilPath() + "'"
                        : "'" + step.untilPath() + "' is not a timestamp: " + v);
                s.moveTo(next);
                return true;
            }
            until = at.plus(step.offset());
            if (!until.isAfter(now)) {
                s.log(step.ref(), Outcome.DELAY_SKIPPED, "the time " + until + " has already passed");
                s.moveTo(next);
                return true;
            }
            if (until.isAfter(now.plus(DelayStep.MAX_DELAY))) {
                s.log(step.ref(), Outcome.DELAY_SKIPPED, until + " is more than " + DelayStep.MAX_DELAY + " away");
                s.moveTo(next);
                return true;
            }
        }
        s.log(step.ref(), Outcome.DELAYED, "until " + until);
        s.pause(next, until);
        return false;
    }
}
