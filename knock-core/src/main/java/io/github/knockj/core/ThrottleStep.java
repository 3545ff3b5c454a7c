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

    /**
     * At most {@code n} runs per window (default 1).
     *
     * @param n the limit, at least 1
     * @return this step
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public ThrottleStep limit(int n) {
        checkNotFrozen();
        if (n < 1) throw new IllegalArgumentException("throttle limit must be at least 1, was " + n);
        this.limit = n;
        return this;
    }

    /**
     * The window the limit counts in, sliding (required).
     *
     * @param w positive, at most {@link #MAX_WINDOW}
     * @return this step
     * @throws IllegalArgumentException if {@code w} is null, not positive or over {@link #MAX_WINDOW}
     */
    public ThrottleStep window(Duration w) {
        checkNotFrozen();
        BatchStep.positive("throttle.window", w);
        if (w.compareTo(MAX_WINDOW) > 0) throw new IllegalArgumentException("throttle window must be at most " + MAX_WINDOW + ", was " + w);
        this.window = w;
        return this;
    }

    /**
     * A Liquid key: separate keys are throttled separately.
     *
     * @param liquid a Liquid template over {@code data}, {@code actor}, {@code tenant}
     * @return this step
     * @throws WorkflowDefinitionException if the template does not parse
     */
    public ThrottleStep key(String liquid) {
        checkNotFrozen();
        this.key = parseTemplate("key", liquid);
        return this;
    }

    /**
     * Runs the step only when {@code condition} holds; otherwise the run goes on unthrottled. If unset,
     * always.
     *
     * @param condition evaluated on the run when it reaches the step
     * @return this step
     */
    public ThrottleStep when(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    /** {@return the most runs per window} */
    public int limit() { return limit; }
    /** {@return the window, or null before one is set} */
    public Duration window() { return window; }
    /** {@return the throttle key template, or null for one throttle per recipient and workflow} */
    public Template key() { return key; }

    @Override
    void freeze() {
        if (window == null) throw new WorkflowDefinitionException("throttle step '" + ref() + "' needs a window");
        super.freeze();
    }
}
