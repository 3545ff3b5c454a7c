package io.github.knockj.core.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A schedule's firing, applied all or nothing and only if the schedule is as the firing read it: the
 * store writes {@link #schedule()} with the group's triggers and jobs only if a schedule with its id
 * is stored and its {@link ScheduleRecord#updatedAt()} equals {@link #expectedUpdatedAt()} (the
 * updated-at time is the schedule's version). Otherwise the store skips the whole group: the schedule
 * was deleted or replaced while it fired, and the deletion or replacement (with its own fire job)
 * stands. The rest of the {@link ChangeSet}, such as the completion of the job that fired, applies
 * either way.
 */
public final class ScheduleChanges {
    private final ScheduleRecord schedule;
    private final Instant expectedUpdatedAt;
    private final List<TriggerRecord> triggers = new ArrayList<>(1);
    private final List<Job> jobs = new ArrayList<>(2);

    /**
     * Changes to one schedule.
     *
     * @param schedule the schedule as it is to be stored
     * @param expectedUpdatedAt the {@link ScheduleRecord#updatedAt()} of the schedule as it was read
     */
    public ScheduleChanges(ScheduleRecord schedule, Instant expectedUpdatedAt) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.expectedUpdatedAt = Objects.requireNonNull(expectedUpdatedAt, "expectedUpdatedAt");
    }

    /** {@return the schedule as it is to be stored} */
    public ScheduleRecord schedule() { return schedule; }
    /** {@return the updated-at time the stored schedule must still have} */
    public Instant expectedUpdatedAt() { return expectedUpdatedAt; }
    /** {@return the triggers the firing created; mutable, add to it} */
    public List<TriggerRecord> triggers() { return triggers; }
    /** {@return the jobs the firing created (the triggers' jobs, the next fire job); mutable, add to it} */
    public List<Job> jobs() { return jobs; }
}
