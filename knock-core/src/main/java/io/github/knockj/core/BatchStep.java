package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Collects the triggers of one recipient within a window into one continuation (a digest). The
 * first run to reach the step opens the batch and holds it; later runs with the same batch key join
 * it and end as {@link RunStatus#ABSORBED}; when the window closes, the holding run goes on once,
 * with {@code total_activities}, {@code total_actors}, {@code activities} and {@code actors} in its
 * templates and conditions. One open batch per key is enforced by the store, atomically, so
 * concurrent triggers never open two.
 */
public final class BatchStep extends Step {
    /** How many activities and actors the continuing run sees, unless set. */
    public static final int DEFAULT_RENDER_LIMIT = 10;
    /** Largest {@link #maxActivities(int)}. */
    public static final int MAX_ACTIVITIES_LIMIT = 10_000;

    private Duration window;
    private String windowPath;
    private Duration maxWindow;
    private boolean sliding;
    private Template key;
    private int maxActivities;
    private boolean flushLeading;
    private int renderLimit = DEFAULT_RENDER_LIMIT;
    private boolean keepLast;

    BatchStep(String ref) {
        super(ref);
    }

    /**
     * A fixed window that opens with the first activity.
     *
     * @param w the window length, positive
     * @return this step
     * @throws IllegalArgumentException if {@code w} is null, zero or negative
     * @throws IllegalStateException if the workflow is already built
     */
    public BatchStep window(Duration w) {
        checkNotFrozen();
        this.window = positive("batch.window", w);
        return this;
    }

    /**
     * A window taken from the run's data at {@code path}: a number of seconds, an ISO-8601 duration
     * ({@code PT10M}), or an ISO-8601 timestamp to close at. Invalid or missing: the step is skipped.
     *
     * @param path a dotted path into the run's data, such as {@code batch_window}
     * @return this step
     * @throws IllegalArgumentException if {@code path} is null or blank
     * @throws IllegalStateException if the workflow is already built
     */
    public BatchStep windowFrom(String path) {
        checkNotFrozen();
        if (path == null || path.isBlank()) throw new IllegalArgumentException("batch window path must not be blank");
        this.windowPath = path;
        return this;
    }

    /**
     * Makes the window sliding: every new activity pushes the close to {@code now + window}, but never
     * beyond {@code maxWindow} after the batch opened.
     *
     * @param maxWindow the longest a batch stays open, positive
     * @return this step
     * @throws IllegalArgumentException if {@code maxWindow} is null, zero or negative
     * @throws IllegalStateException if the workflow is already built
     */
    public BatchStep sliding(Duration maxWindow) {
        checkNotFrozen();
        this.maxWindow = positive("batch.maxWindow", maxWindow);
        this.sliding = true;
        return this;
    }

    /**
     * A Liquid batch key over {@code data}, {@code actor}, {@code tenant}: separate keys batch separately.
     *
     * @param liquid a Liquid template, such as {@code {{ data.post_id }}}
     * @return this step
     * @throws WorkflowDefinitionException if the template does not parse
     * @throws IllegalStateException if the workflow is already built
     */
    public BatchStep key(String liquid) {
        checkNotFrozen();
        try {
            this.key = Template.of(liquid);
        } catch (WorkflowDefinitionException e) {
            throw new WorkflowDefinitionException("batch step '" + ref() + "' key: " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Closes the batch as soon as it holds {@code n} activities (2 to {@link #MAX_ACTIVITIES_LIMIT}).
     *
     * @param n the most activities per batch
     * @return this step
     * @throws IllegalArgumentException if {@code n} is out of range
     * @throws IllegalStateException if the workflow is already built
     */
    public BatchStep maxActivities(int n) {
        checkNotFrozen();
        if (n < 2 || n > MAX_ACTIVITIES_LIMIT) {
            throw new IllegalArgumentException("batch maxActivities must be between 2 and " + MAX_ACTIVITIES_LIMIT + ", was " + n);
        }
        this.maxActivities = n;
        return this;
    }

    /**
     * The first activity goes through at once, uncounted; only later ones are batched.
     *
     * @return this step
     * @throws IllegalStateException if the workflow is already built
     */
    public BatchStep flushLeadingItem() {
        checkNotFrozen();
        this.flushLeading = true;
        return this;
    }

    /**
     * The continuing run sees the first {@code n} activities (default {@value #DEFAULT_RENDER_LIMIT}).
     *
     * @param n how many activities to render, 1 to 100
     * @return this step
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public BatchStep firstActivities(int n) {
        return renderActivities(n, false);
    }

    /**
     * The continuing run sees the last {@code n} activities instead of the first.
     *
     * @param n how many activities to render, 1 to 100
     * @return this step
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public BatchStep lastActivities(int n) {
        return renderActivities(n, true);
    }

    private BatchStep renderActivities(int n, boolean last) {
        checkNotFrozen();
        if (n < 1 || n > 100) throw new IllegalArgumentException("activities to render must be between 1 and 100, was " + n);
        this.renderLimit = n;
        this.keepLast = last;
        return this;
    }

    /**
     * Runs the step only when {@code condition} holds; otherwise the run goes on past it unbatched. If unset,
     * always.
     *
     * @param condition evaluated on the run when it reaches the step
     * @return this step
     */
    public BatchStep when(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    /** {@return the fixed window, or null if set from the data or not set} */
    public Duration window() { return window; }
    /** {@return the data path the window is read from, or null} */
    public String windowPath() { return windowPath; }
    /** {@return true if the window slides with each activity} */
    public boolean isSliding() { return sliding; }
    /** {@return the longest a sliding batch stays open, or null if not sliding} */
    public Duration maxWindow() { return maxWindow; }
    /**
     * The batch key template, or null for one batch per recipient.
     *
     * @return the template, or null
     */
    public Template key() { return key; }
    /** {@return the activity count that closes the batch early; 0 for no limit} */
    public int maxActivities() { return maxActivities; }
    /** {@return true if the first activity goes through at once} */
    public boolean flushesLeadingItem() { return flushLeading; }
    /** {@return how many activities the continuing run sees} */
    public int renderLimit() { return renderLimit; }
    /** {@return true if the continuing run sees the last activities rather than the first} */
    public boolean keepsLast() { return keepLast; }

    @Override
    void freeze() {
        if (window == null && windowPath == null) {
            throw new WorkflowDefinitionException("batch step '" + ref() + "' needs a window or a window path");
        }
        if (sliding && window != null && maxWindow.compareTo(window) < 0) {
            throw new WorkflowDefinitionException("batch step '" + ref() + "': maxWindow " + maxWindow + " is shorter than window " + window);
        }
        super.freeze();
    }

    static Duration positive(String field, Duration d) {
        Validate.notNull(field, d);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(field + " must be positive, was " + d);
        return d;
    }
}
