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
 * recorded {@link Cancellation} apply together, decided under locks on the candidate runs and their
 * open batches; a run's log is appended in order, never rewritten. Who a cancel stops and what it
 * logs are core's rules ({@link Cancellation#stops}, {@link Cancellation#logEntry}), not the store's.
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
     * Records the {@link Cancellation} and cancels the runs it stops, in one atomic step. The rule of
     * who is stopped lives in core: the store reads the candidates (runs of the cancellation's workflow
     * and cancellation key whose status is in {@link Cancellation#candidateStatuses()}; it may leave
     * out runs of recipients the cancellation does not {@linkplain Cancellation#covers cover}) and
     * locks them and the open batches they are in, so that none changes or closes before it is done.
     * For each candidate it reads whether the run has an activity in an open batch and whether it
     * holds (has the earliest activity of) a closed batch whose flush job still exists, and cancels it
     * if {@link Cancellation#stops} says so: sets it {@code CANCELLED} (version + 1), deletes its
     * unleased RUN jobs, removes its activities from open batches (a batch it held passes to the run
     * of its next activity by itself), and appends {@link Cancellation#logEntry} to its log (in bulk,
     * not a statement per run). Returns the cancelled runs.
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
