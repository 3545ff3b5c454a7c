package io.github.knockj.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The store's role for the durable job queue: jobs with a due time, an owner and a lease, claimed by
 * workers in any number of processes. Jobs are inserted, completed and rescheduled through
 * {@link ChangeSetStore#commit} (and by {@link BatchStore} and {@link ScheduleStore} for their own jobs).
 *
 * <p>Invariants an implementation enforces: one claim per job (concurrent claimers never both get a
 * job under a live lease); a lease is renewed or confirmed only for its owner; a commit completes a
 * job only under its lease; {@link #nextDueAt} and {@link #claimJobs} agree on what is due.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface JobQueue {
    /**
     * Claims up to {@code limit} jobs due at {@code now} (dueAt at or before now) that nobody holds or
     * whose lease has ended (leaseUntil at or before now), earliest due first, and leases them to
     * {@code owner} until {@code leaseUntil}. Concurrent claimers never receive the same job under a
     * live lease. A claim at the instant {@link #nextDueAt} reports returns the job it reported.
     * A job taken over from a lease that had run out is returned {@link Job#asRecovered() marked
     * recovered} (the Notifier reports it to {@link NotifierListener#onLeaseRecovered}); a job nobody
     * held is not.
     *
     * @param owner the claiming worker's id
     * @param now the current time: jobs due at or before it may be claimed
     * @param leaseUntil when the leases taken expire unless renewed
     * @param limit the largest number of jobs to claim
     * @return the claimed jobs, earliest due first; empty if none is due
     */
    List<Job> claimJobs(String owner, Instant now, Instant leaseUntil, int limit);

    /**
     * Extends the leases {@code owner} still holds among {@code jobIds}.
     *
     * @param owner the worker holding the leases
     * @param jobIds the jobs to renew; those leased by another owner or gone are skipped
     * @param leaseUntil the new expiry
     * @return how many leases it extended
     */
    int renewLeases(String owner, Collection<String> jobIds, Instant leaseUntil);

    /**
     * Extends the leases {@code owner} still holds among {@code jobIds} and returns exactly those ids.
     * Unlike {@link #renewLeases}, which is a best-effort heartbeat, this answer must be exact: if
     * another transaction is writing one of the jobs, wait for it rather than skip the job. It is asked
     * right before an action that cannot be taken back, such as a provider call.
     *
     * @param owner the worker holding the leases
     * @param jobIds the jobs to confirm
     * @param leaseUntil the new expiry
     * @return the ids among {@code jobIds} whose lease {@code owner} still held and has extended
     */
    Set<String> confirmLeases(String owner, Collection<String> jobIds, Instant leaseUntil);

    /**
     * The earliest instant at which {@link #claimJobs} would return a job: the least of the unleased
     * jobs' due times and the leased jobs' lease ends (or due times, if later). May be at or before
     * {@code now}, when a job is claimable already. Empty if there are no jobs.
     *
     * @param now the current time
     * @return the earliest due time (possibly in the past), or empty if there is no such job
     */
    Optional<Instant> nextDueAt(Instant now);

    /**
     * How long the earliest claimable job has been due at {@code now}, from {@link #nextDueAt}: zero
     * if no job is claimable yet (or there is none). The queue's lag, as the meters, the health
     * indicator and the console report it.
     *
     * @param now the current time
     * @return the time since the earliest claimable job became due, never negative
     */
    default Duration oldestDueAge(Instant now) {
        return nextDueAt(now).filter(due -> !due.isAfter(now)).map(due -> Duration.between(due, now)).orElse(Duration.ZERO);
    }

    /**
     * How many jobs exist (due or not, leased or not).
     *
     * @return the number of jobs
     */
    long countJobs();
}
