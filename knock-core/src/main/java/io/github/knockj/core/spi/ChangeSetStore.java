package io.github.knockj.core.spi;

/**
 * The store's role for the one write that spans aggregates: applying a {@link ChangeSet} (new
 * triggers and idempotency records, run changes with their messages, jobs and log, delivery updates,
 * message events, and the completion or rescheduling of the jobs that produced them) in one transaction.
 *
 * <p>Invariants an implementation enforces: all or nothing; one trigger per idempotency key
 * ({@link IdempotencyKeyTakenException}); a commit that completes or reschedules jobs applies only
 * while {@link ChangeSet#owner()} still leases them ({@link LeaseLostException}); each
 * {@link RunChanges} group applies only if its run is as its writer saw it, else it is skipped and
 * reported in the {@link CommitResult}; each {@link ScheduleChanges} group applies only if its
 * schedule is stored unchanged, else it is skipped.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface ChangeSetStore {
    /**
     * Applies a change set in one transaction; see {@link ChangeSet} and {@link RunChanges} for the rules.
     *
     * @param changes the writes to apply together
     * @return which run updates were skipped (see {@link CommitResult})
     * @throws IdempotencyKeyTakenException if the change set claims an idempotency key that is taken
     * @throws LeaseLostException if the change set completes a job whose lease its owner no longer holds
     */
    CommitResult commit(ChangeSet changes);
}
