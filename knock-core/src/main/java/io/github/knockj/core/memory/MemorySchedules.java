package io.github.knockj.core.memory;

import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.ScheduleRecord;
import io.github.knockj.core.spi.ScheduleStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ScheduleStore} of {@link InMemoryStore}: schedules by id and their fire jobs (a firing is a
 * {@code ScheduleChanges} applied by {@link MemoryCommits}).
 *
 * <p>Invariants, under {@link MemoryState#lock}: a schedule and its pending job are written together,
 * replacing the schedule's unleased jobs; deleting a schedule deletes its unleased jobs with it.
 */
final class MemorySchedules implements ScheduleStore {
    private final MemoryState state;

    MemorySchedules(MemoryState state) {
        this.state = state;
    }

    @Override
    public void putSchedule(ScheduleRecord schedule, Job nextJob) {
        state.lock.lock();
        try {
            deleteUnleasedJobsOf(schedule.id());
            state.schedules.put(schedule.id(), schedule);
            if (nextJob != null) state.putJob(nextJob);
        } finally {
            state.lock.unlock();
        }
    }

    private void deleteUnleasedJobsOf(String scheduleId) {
        for (String jobId : state.jobIdsOf(scheduleId)) {
            Job j = state.jobs.get(jobId);
            if (j != null && j.owner() == null) state.removeJob(jobId);
        }
    }

    @Override
    public Optional<ScheduleRecord> findSchedule(String id) {
        state.lock.lock();
        try {
            return Optional.ofNullable(state.schedules.get(id));
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public boolean deleteSchedule(String id) {
        state.lock.lock();
        try {
            deleteUnleasedJobsOf(id);
            return state.schedules.remove(id) != null;
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public List<ScheduleRecord> schedules(String afterId, int limit) {
        state.lock.lock();
        try {
            List<ScheduleRecord> out = new ArrayList<>();
            for (ScheduleRecord s : (afterId == null ? state.schedules : state.schedules.tailMap(afterId, false)).values()) {
                if (out.size() >= limit) break;
                out.add(s);
            }
            return out;
        } finally {
            state.lock.unlock();
        }
    }
}
