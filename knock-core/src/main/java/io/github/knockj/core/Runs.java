package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import io.github.knockj.core.spi.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Workflow runs and their logs: {@code notifier.runs()}. Thread-safe. */
public final class Runs {
    private final Store store;
    private final io.github.knockj.core.internal.Interventions interventions;

    Runs(io.github.knockj.core.internal.Engine engine) {
        this.interventions = new io.github.knockj.core.internal.Interventions(engine);
        this.store = engine.store();
    }

    /**
     * Re-runs a failed run from the step that failed (after fixing what made it fail). Returns the
     * run as queued.
     *
     * @param runId the run id
     * @return the run as queued
     * @throws NotFoundException if there is no such run
     * @throws InvalidInputException if the run did not fail
     */
    public WorkflowRun rerun(String runId) {
        return interventions.rerun(Validate.notNull("runId", runId));
    }

    /**
     * Looks up a run.
     *
     * @param runId the run id
     * @return the run, or empty if there is none
     */
    public Optional<WorkflowRun> get(String runId) {
        return store.findRun(Validate.notNull("runId", runId));
    }

    /**
     * The runs a trigger created so far (at most {@code limit}), ordered by run id.
     *
     * @param triggerId the trigger id, as returned by {@code send()}
     * @param limit the most runs to return
     * @return the runs, empty if none (yet)
     */
    public List<WorkflowRun> ofTrigger(String triggerId, int limit) {
        List<WorkflowRun> out = new ArrayList<>();
        String after = null;
        while (out.size() < limit) {
            List<WorkflowRun> page = store.runsOfTrigger(triggerId, after, Math.min(1000, limit - out.size()));
            if (page.isEmpty()) break;
            out.addAll(page);
            after = page.get(page.size() - 1).id();
        }
        return out;
    }

    /**
     * Runs across all triggers and recipients, newest first (by run id, which starts with its
     * trigger's time to the millisecond), filtered by status and workflow: what an operator lists to find failed runs.
     * For the next page, pass the last run's id to {@link RunQuery#withBefore}.
     *
     * @param query filters, cursor and page size, e.g. {@code RunQuery.newest().withStatus(RunStatus.FAILED)}
     * @return at most {@code query.limit()} runs, empty past the last
     */
    public List<WorkflowRun> list(RunQuery query) {
        return store.listRuns(Validate.notNull("query", query));
    }

    /**
     * What the run decided at each step and why, oldest first.
     *
     * @param runId the run id
     * @return the log entries, empty if there is no such run
     */
    public List<RunLogEntry> log(String runId) {
        return store.runLog(Validate.notNull("runId", runId));
    }

    /**
     * The messages a run produced, oldest first.
     *
     * @param runId the run id
     * @return the messages, empty if none
     */
    public List<Message> messages(String runId) {
        return store.messagesOfRun(Validate.notNull("runId", runId));
    }
}
