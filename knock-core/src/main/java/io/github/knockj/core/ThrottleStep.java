package io.github.knockj.core;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Lets at most {@code limit} runs per window through for one recipient (and throttle key); runs over
 * the limit stop ({@link RunStatus#STOPPED}) with the reason in the run log.
 */
public final class ThrottleStep extends Step {
    /** Longest throttle window. */
    public static final Duration MAX_WINDOW = Duration.ofDays(31);

    private int limit = 1;
    private Duration window;
    private Template key;

    ThrottleStep(String ref) {
        super(ref);
    }

    /** At most {@code n} runs per window (default 1). */
    public ThrottleStep limit(int n) {
        checkNotFrozen();
        if (n < 1) throw new IllegalArgumentException("throttle limit must be at least 1, was " + n);
        this.limit = n;
        return this;
    }

    public ThrottleStep window(Duration w) {
        checkNotFrozen();
        BatchStep.positive("throttle.window", w);
        if (w.compareTo(MAX_WINDOW) > 0) throw new IllegalArgumentException("throttle window must be at most " + MAX_WINDOW + ", was " + w);
        this.window = w;
        return this;
    }

    /** A Liquid key: separate keys are throttled separately. */
    public ThrottleStep key(String liquid) {
        checkNotFrozen();
        this.key = parseTemplate("key", liquid);
        return this;
    }

    public ThrottleStep when(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    public int limit() { return limit; }
    public Duration window() { return window; }
    public Template key() { return key; }

    @Override
    void freeze() {
        if (window == null) throw new WorkflowDefinitionException("throttle step '" + ref() + "' needs a window");
        super.freeze();
    }
}
