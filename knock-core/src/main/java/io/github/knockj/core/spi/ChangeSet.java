package io.github.knockj.core.spi;

import io.github.knockj.core.MessageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of writes that a store applies in one transaction: new triggers, run changes, delivery
 * updates, message history, new jobs, and the completion or rescheduling of the jobs that produced
 * them. Batching is what keeps a million-recipient fan-out to a few thousand round trips.
 *
 * <p>The store applies, in order: idempotency records, triggers, run changes, schedule changes,
 * delivery updates, events, new jobs, completions, reschedules.
 *
 * <p>Jobs completed or rescheduled must still be leased by {@link #owner()}; if any is not, the
 * store applies nothing and throws {@link LeaseLostException}.
 */
public final class ChangeSet {
    /** A job to put back in the queue at a later time, with a new attempt count. */
    public record Reschedule(String jobId, Instant dueAt, int attempts) {}

    private final String owner;
    private final List<TriggerRecord> triggers = new ArrayList<>();
    private final List<RunChanges> runs = new ArrayList<>();
    private final List<ScheduleChanges> schedules = new ArrayList<>(0);
    private final List<DeliveryUpdate> deliveries = new ArrayList<>();
    private final List<MessageEvent> events = new ArrayList<>();
    private final List<Job> jobs = new ArrayList<>();
    private final List<IdempotencyRecord> idempotencyRecords = new ArrayList<>();
    private final List<String> completedJobs = new ArrayList<>();
    private final List<Reschedule> rescheduledJobs = new ArrayList<>();

    /** @param owner the lease owner completing jobs; may be null when no job is completed */
    public ChangeSet(String owner) {
        this.owner = owner;
    }

    /** {@return the lease owner completing or rescheduling jobs, or null} */
    public String owner() { return owner; }
    /** {@return the triggers to insert; mutable, add to it} */
    public List<TriggerRecord> triggers() { return triggers; }
    /** {@return the run changes to apply, each all or nothing (see {@link RunChanges}); mutable, add to it} */
    public List<RunChanges> runs() { return runs; }
    /** {@return the schedule firings to apply, each all or nothing (see {@link ScheduleChanges}); mutable, add to it} */
    public List<ScheduleChanges> schedules() { return schedules; }
    /** {@return the delivery status updates of existing messages; mutable, add to it} */
    public List<DeliveryUpdate> deliveries() { return deliveries; }
    /** {@return the message history events to append; mutable, add to it} */
    public List<MessageEvent> events() { return events; }
    /** {@return the jobs to insert; mutable, add to it} */
    public List<Job> jobs() { return jobs; }
    /**
     * Idempotency keys to claim: each is inserted if no record has its key or the stored one no
     * longer holds it at the new record's {@link IdempotencyRecord#createdAt()} (see
     * {@link IdempotencyRecord#holdsKeyAt}; an expired record is replaced). Otherwise the store
     * applies nothing and throws {@link IdempotencyKeyTakenException} carrying the stored record.
     *
     * @return the records to insert; mutable, add to it
     */
    public List<IdempotencyRecord> idempotencyRecords() { return idempotencyRecords; }
    /** {@return the ids of jobs to delete as done (they must be leased by {@link #owner()}); mutable, add to it} */
    public List<String> completedJobs() { return completedJobs; }
    /** {@return the jobs to put back in the queue (they must be leased by {@link #owner()}); mutable, add to it} */
    public List<Reschedule> rescheduledJobs() { return rescheduledJobs; }

    /** {@return true if the change set holds no write at all} */
    public boolean isEmpty() {
        return triggers.isEmpty() && runs.isEmpty() && schedules.isEmpty() && deliveries.isEmpty() && events.isEmpty() && jobs.isEmpty()
                && completedJobs.isEmpty() && rescheduledJobs.isEmpty() && idempotencyRecords.isEmpty();
    }
}
