package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Pauses the run: for a fixed duration, until a timestamp taken from the run's data, or relative to
 * such a timestamp. A missing or invalid timestamp skips the delay (the run goes on) and the run log
 * says why. A timestamp in the past does not wait. Paused runs are durable: they resume after a
 * restart, on time within the scheduler's poll interval.
 */
public final class DelayStep extends Step {
    /** The longest delay accepted. */
    public static final Duration MAX_DELAY = Duration.ofDays(365);

    private Duration duration;
    private String untilPath;
    private Duration offset = Duration.ZERO;

    DelayStep(String ref) {
        super(ref);
    }

    /**
     * Waits a fixed duration (positive, at most {@link #MAX_DELAY}).
     *
     * @param d the delay; replaces a timestamp path set before
     * @return this step
     * @throws IllegalArgumentException if {@code d} is null, not positive or over {@link #MAX_DELAY}
     */
    public DelayStep duration(Duration d) {
        checkNotFrozen();
        Validate.notNull("delay.duration", d);
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("delay must be positive and at most " + MAX_DELAY + ", was " + d);
        }
        this.duration = d;
        this.untilPath = null;
        return this;
    }

    /**
     * Waits until the ISO-8601 timestamp (or epoch milliseconds) found at {@code path} of the run's
     * values, such as {@code data.remind_at}.
     *
     * @param path a dotted path, such as {@code data.remind_at}
     * @return this step
     * @throws IllegalArgumentException if {@code path} is null or blank
     */
    public DelayStep until(String path) {
        return relativeTo(path, Duration.ZERO);
    }

    /**
     * Waits until the timestamp at {@code path} shifted by {@code offset}: negative for "before"
     * ({@code Duration.ofHours(-1)}: an hour before the event), positive for "after".
     *
     * @param path a dotted path, such as {@code data.event_at}
     * @param offset the shift from that timestamp
     * @return this step
     * @throws IllegalArgumentException if {@code path} is null or blank
     */
    public DelayStep relativeTo(String path, Duration offset) {
        checkNotFrozen();
        if (path == null || path.isBlank()) throw new IllegalArgumentException("delay path must not be blank");
        this.untilPath = path;
        this.offset = Validate.notNull("delay.offset", offset);
        this.duration = null;
        return this;
    }

    /**
     * Runs the step only when {@code condition} holds; otherwise the run goes on without waiting. If unset,
     * always.
     *
     * @param condition evaluated on the run when it reaches the step
     * @return this step
     */
    public DelayStep when(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    /**
     * The fixed duration, or null when the delay comes from data.
     *
     * @return the duration, or null
     */
    public Duration duration() { return duration; }
    /**
     * The data path of the timestamp, or null for a fixed delay.
     *
     * @return the path, or null
     */
    public String untilPath() { return untilPath; }
    /** {@return the shift from the timestamp at {@link #untilPath()}; zero unless set} */
    public Duration offset() { return offset; }

    @Override
    void freeze() {
        if (duration == null && untilPath == null) {
            throw new WorkflowDefinitionException("delay step '" + ref() + "' needs a duration or a timestamp path");
        }
        super.freeze();
    }
}
