package io.github.knockj.core.spi;

import java.time.Instant;

/**
 * A unit of durable work. Stores hand due jobs to one worker at a time under a lease; a job whose
 * lease expires (its worker died) becomes claimable again.
 *
 * @param id job id
 * @param kind what it does
 * @param target the id of what it acts on
 * @param payload small extra input, or null
 * @param dueAt when it may run
 * @param attempts how many times it was attempted before (incremented when rescheduled)
 * @param owner the worker holding its lease, or null
 * @param leaseUntil when that lease ends, or null
 * @param createdAt when created
 * @param recovered true on a copy {@link JobQueue#claimJobs} returns when the job was still under a
 *     lease that had run out: its previous owner stopped (died, or stalled past its lease) without
 *     finishing or releasing it. False everywhere else, including on the job as stored.
 */
public record Job(String id, JobKind kind, String target, String payload, Instant dueAt, int attempts, String owner,
                  Instant leaseUntil, Instant createdAt, boolean recovered) {

    /**
     * A job that was not recovered from an expired lease (the form stores build from their rows).
     *
     * @param id job id
     * @param kind what it does
     * @param target the id of what it acts on
     * @param payload small extra input, or null
     * @param dueAt when it may run
     * @param attempts how many times it was attempted before
     * @param owner the worker holding its lease, or null
     * @param leaseUntil when that lease ends, or null
     * @param createdAt when created
     */
    public Job(String id, JobKind kind, String target, String payload, Instant dueAt, int attempts, String owner,
               Instant leaseUntil, Instant createdAt) {
        this(id, kind, target, payload, dueAt, attempts, owner, leaseUntil, createdAt, false);
    }

    /**
     * A new job, unleased, with no attempts yet.
     *
     * @param id the job id
     * @param kind what the job does
     * @param target what it acts on, such as a run id or a message id
     * @param payload extra data for the job's handler, or null
     * @param dueAt when it may first be claimed
     * @param now its creation time
     * @return the job
     */
    public static Job create(String id, JobKind kind, String target, String payload, Instant dueAt, Instant now) {
        return new Job(id, kind, target, payload, dueAt, 0, null, null, now);
    }

    /**
     * {@return a copy leased to {@code newOwner} until {@code until}}
     *
     * @param newOwner the worker taking the lease
     * @param until when the lease ends
     */
    public Job leasedTo(String newOwner, Instant until) {
        return new Job(id, kind, target, payload, dueAt, attempts, newOwner, until, createdAt);
    }

    /**
     * {@return a copy due again at {@code newDue}, unleased, with attempt count {@code newAttempts}}
     *
     * @param newDue the new due time
     * @param newAttempts the new attempt count
     */
    public Job rescheduled(Instant newDue, int newAttempts) {
        return new Job(id, kind, target, payload, newDue, newAttempts, null, null, createdAt);
    }

    /**
     * {@return a copy marked as {@link #recovered()}: what {@link JobQueue#claimJobs} returns for a
     * job it took over from a lease that had run out}
     */
    public Job asRecovered() {
        return new Job(id, kind, target, payload, dueAt, attempts, owner, leaseUntil, createdAt, true);
    }
}
