package io.github.knockj.core.spi;

import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunQuery;
import io.github.knockj.core.WorkflowRun;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's role for workflow runs: the runs with their versions, each run's log, and the
 * cancellations recorded by cancellation key. Runs are written by {@link ChangeSetStore#commit}
 * (see {@link RunChanges}) and cancelled by {@link #cancelRuns}.
 *
 * <p>Invariants an implementation enforces: a run changes only from the version its writer read
 * (insert only if absent, update only if the stored version is one less), so a commit and a cancel
 * never both apply to one version; a cancel, its RUN-job deletions, its batch removals and its
 * recorded {@link Cancellation} apply together; a run's log is appended in order, never rewritten.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface RunStore {
    /**
     * Looks up one run.
     *
     * @param id the run id
     * @return the run, or empty if there is none (or it was purged)
     */
    Optional<WorkflowRun> findRun(String id);

    /**
     * The runs that exist among {@code ids}, keyed by id.
     *
     * @param ids the run ids
     * @return the existing runs keyed by id
     */
    Map<String, WorkflowRun> findRuns(Collection<String> ids);

    /**
     * Runs of a trigger ordered by run id, after {@code afterRunId} (null for the first page), at most {@code limit}.
     *
     * @param triggerId the trigger
     * @param afterRunId the last run id of the previous page, or null for the first page
     * @param limit the largest number of runs to return
     * @return the page, empty past the last run
     */
    List<WorkflowRun> runsOfTrigger(String triggerId, String afterRunId, int limit);

    /**
     * Runs across triggers and recipients, newest first: those {@link RunQuery#matches} accepts,
     * ordered by run id descending, at most {@link RunQuery#limit()}. What an operator's console lists
     * (recent runs, failed runs); an implementation answers it without reading every run when a
     * status or workflow filter is given (the JDBC store has an index for each).
     *
     * @param query the filters, the cursor (ids below {@link RunQuery#before()}) and the page size
     * @return the page, empty past the last run
     */
    List<WorkflowRun> listRuns(RunQuery query);

    /**
     * A run's log in the order it was written.
     *
     * @param runId the run
     * @return the log entries, empty if the run has none or does not exist
     */
    List<RunLogEntry> runLog(String runId);

    /**
     * Cancels the runs of {@code workflowKey} with {@code cancellationKey} (only those of
     * {@code recipients}, unless empty) that are active, paused, or absorbed with their activity
     * still in an open batch: sets them {@code CANCELLED} (version + 1), deletes their unleased RUN
     * jobs, removes their activities from open batches (a removed holder's batch passes to its next
     * activity's run), and records the {@link Cancellation}. A run holding a batch that has closed
     * but whose flush job has not finished is not cancelled: the digest it carries is already on its
     * way, and cancelling it would lose the other activities. Returns the cancelled runs.
     *
     * @param cancellation what to cancel: workflow key, cancellation key and recipients
     * @param now the time of the cancellation
     * @return the runs it cancelled, as stored after the change
     */
    List<WorkflowRun> cancelRuns(Cancellation cancellation, Instant now);

    /**
     * Cancellations of {@code workflowKey} with {@code cancellationKey} recorded at or after {@code since}.
     *
     * @param workflowKey the workflow
     * @param cancellationKey the cancellation key
     * @param since the earliest recording time to include
     * @return the matching cancellations, empty if none
     */
    List<Cancellation> findCancellations(String workflowKey, String cancellationKey, Instant since);
}
