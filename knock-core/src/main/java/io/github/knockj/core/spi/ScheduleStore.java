package io.github.knockj.core.spi;

import java.util.List;
import java.util.Optional;

/**
 * The store's role for schedules: each schedule with its next fire time and its pending fire job.
 *
 * <p>Invariants an implementation enforces: a schedule and its pending fire job are written and
 * deleted together. A firing is a {@link ScheduleChanges} in a {@link ChangeSet} (updated schedule,
 * created trigger, next fire job, with the completion of the job that fired): it applies only while
 * the schedule is stored unchanged (its updated-at time is its version), so a schedule deleted or
 * replaced while it fires is neither re-created nor overwritten, and keeps one fire job.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface ScheduleStore {
    /**
     * Creates or replaces a schedule and its pending fire job in one step ({@code nextJob} null when none is due).
     *
     * @param schedule the schedule, replacing any stored one with the same id
     * @param nextJob the job that fires it next, or null if it will not fire again
     */
    void putSchedule(ScheduleRecord schedule, Job nextJob);

    /**
     * Looks up one schedule.
     *
     * @param id the schedule id
     * @return the schedule, or empty if there is none
     */
    Optional<ScheduleRecord> findSchedule(String id);

    /**
     * Deletes a schedule and its pending jobs.
     *
     * @param id the schedule id
     * @return true if the schedule existed, false if there was none
     */
    boolean deleteSchedule(String id);

    /**
     * Schedules ordered by id, after {@code afterId} (null for the first page), at most {@code limit}.
     *
     * @param afterId the last schedule id of the previous page, or null for the first page
     * @param limit the largest number of schedules to return
     * @return the page, empty past the last schedule
     */
    List<ScheduleRecord> schedules(String afterId, int limit);
}
