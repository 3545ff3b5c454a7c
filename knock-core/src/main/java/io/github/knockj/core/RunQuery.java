package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;

/**
 * Which runs to list across recipients and triggers, newest first (by run id, which starts with the
 * trigger's time to the millisecond; runs of triggers within one millisecond follow in id order): optionally only one status and one workflow, one page at a time. Immutable; every
 * {@code with…} returns a copy. Used by {@link Runs#list(RunQuery)} and
 * {@link io.github.knockj.core.spi.RunStore#listRuns(RunQuery)}.
 *
 * @param status only runs in this status, or null for any
 * @param workflowKey only runs of this workflow, or null for any
 * @param before only runs whose id sorts below this one (the last run of the previous page), or null
 *     for the newest page
 * @param limit at most this many runs (1 to {@value #MAX_LIMIT})
 */
public record RunQuery(RunStatus status, String workflowKey, String before, int limit) {
    /** Page size of {@link #newest()}. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page size. */
    public static final int MAX_LIMIT = 200;

    /**
     * Validates the query.
     *
     * @param status only runs in this status, or null for any
     * @param workflowKey only runs of this workflow, or null for any
     * @param before the last run id of the previous page, or null for the newest page
     * @param limit at most this many runs (1 to {@value #MAX_LIMIT})
     * @throws InvalidInputException naming the component ({@code runs.workflowKey}, {@code runs.before},
     *     {@code runs.limit}) if it is invalid
     */
    public RunQuery {
        if (workflowKey != null) Validate.id("runs.workflowKey", workflowKey);
        if (before != null) Validate.id("runs.before", before);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("runs.limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** {@return the newest {@value #DEFAULT_LIMIT} runs of any status and workflow} */
    public static RunQuery newest() {
        return new RunQuery(null, null, null, DEFAULT_LIMIT);
    }

    /**
     * {@return a copy limited to status {@code s}}
     *
     * @param s the status, or null for any
     */
    public RunQuery withStatus(RunStatus s) { return new RunQuery(s, workflowKey, before, limit); }

    /**
     * {@return a copy limited to workflow {@code key}}
     *
     * @param key the workflow key, or null for any
     * @throws InvalidInputException if the key is not a valid id
     */
    public RunQuery withWorkflow(String key) { return new RunQuery(status, key, before, limit); }

    /**
     * {@return a copy listing the runs older than run {@code runId}: the next page after a page ending with it}
     *
     * @param runId the last run id of the previous page, or null for the newest page
     * @throws InvalidInputException if the id is not a valid id
     */
    public RunQuery withBefore(String runId) { return new RunQuery(status, workflowKey, runId, limit); }

    /**
     * {@return a copy listing at most {@code n} runs}
     *
     * @param n the page size, 1 to {@value #MAX_LIMIT}
     * @throws InvalidInputException if {@code n} is out of range
     */
    public RunQuery withLimit(int n) { return new RunQuery(status, workflowKey, before, n); }

    /**
     * Whether {@code run} passes the filters and the cursor (for store implementations).
     *
     * @param run a run
     * @return true if the run belongs to this query's results, ignoring the limit
     */
    public boolean matches(WorkflowRun run) {
        return (status == null || run.status() == status)
                && (workflowKey == null || run.workflowKey().equals(workflowKey))
                && (before == null || run.id().compareTo(before) < 0);
    }
}
