package io.github.knockj.core.internal;

import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.Step;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a step that threw: the run pauses and tries the step again, up to {@link #STEP_ATTEMPTS}
 * attempts, then fails. The attempts so far are kept in the run's state under {@code step_attempts}.
 */
final class StepRetries {
    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class); // the logger it always had
    /** Attempts for a step that throws, before the run fails. */
    static final int STEP_ATTEMPTS = 3;
    private static final Duration[] STEP_RETRY_DELAYS = {Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private StepRetries() {}

    /** Forgets the failed attempts of the step that just succeeded. */
    static void succeeded(RunState s) {
        if (s.stateValue("step_attempts") != null) s.putState("step_attempts", null);
    }

    /** Pauses the run to try {@code step} again later, or fails it once the attempts are spent. */
    static void retryOrFail(RunState s, Step step, RuntimeException e) {
        int attempts = s.stateValue("step_attempts") instanceof Number n ? n.intValue() + 1 : 1;
        if (attempts < STEP_ATTEMPTS) {
            s.putState("step_attempts", attempts);
            Duration wait = STEP_RETRY_DELAYS[Math.min(attempts - 1, STEP_RETRY_DELAYS.length - 1)];
            s.log(step.ref(), Outcome.STEP_RETRY, "attempt " + attempts + " failed (" + describe(e) + "); retrying in " + wait);
            s.pause(s.cursor(), s.now().plus(wait));
        } else {
            log.warn("run {} step {} failed after {} attempts", s.original().id(), step.ref(), attempts, e);
            s.fail(step.ref(), "failed after " + attempts + " attempts: " + describe(e));
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
