package io.github.knockj.core;

import io.github.knockj.core.internal.Engine;
import io.github.knockj.core.internal.Ids;
import io.github.knockj.core.internal.Json;
import io.github.knockj.core.internal.Validate;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.ScheduleRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recurring schedules: {@code notifier.schedules()}. Each fires its workflow for one recipient at
 * the occurrences of its {@link RepeatRule} in the recipient's time zone (else UTC). Firing is one
 * atomic step in the store (trigger, next occurrence, next job), so a restart neither fires an
 * occurrence twice nor loses one: an occurrence missed while no instance ran fires once on start.
 * Thread-safe.
 */
public final class Schedules {
    private final Engine engine;

    Schedules(Engine engine) {
        this.engine = engine;
    }

    /**
     * Creates one schedule per recipient.
     *
     * @param workflowKey the workflow each occurrence triggers
     * @param userIds the recipients, 1 to 100; one schedule each
     * @param repeat when it fires
     * @param data JSON-compatible trigger data, or null for none
     * @param actorId the actor of every trigger, or null for none
     * @param tenant the tenant of every trigger, or null for none
     * @param endsAt when the schedules stop firing, or null for never
     * @return the schedules created, one per recipient, in order, with their next occurrence
     * @throws UnknownWorkflowException if the workflow does not exist
     * @throws InvalidInputException for bad recipients, data or an end in the past
     */
    public List<Schedule> create(String workflowKey, List<String> userIds, RepeatRule repeat, Map<String, ?> data,
                                 String actorId, String tenant, Instant endsAt) {
        engine.workflow(workflowKey);
        Validate.notNull("schedule.repeat", repeat);
        if (userIds == null || userIds.isEmpty()) throw new InvalidInputException("schedule.recipients", "must not be empty");
        if (userIds.size() > 100) throw new InvalidInputException("schedule.recipients", userIds.size() + " recipients, over the limit of 100");
        userIds.forEach(id -> Validate.id("schedule.recipients[]", id));
        if (actorId != null) Validate.id("schedule.actor", actorId);
        if (tenant != null) Validate.id("schedule.tenant", tenant);
        Map<String, Object> d = Json.copyMap("schedule.data", data);
        Instant now = engine.clock().instant();
        if (endsAt != null && !endsAt.isAfter(now)) throw new InvalidInputException("schedule.endsAt", "is not in the future: " + endsAt);
        List<Schedule> out = new ArrayList<>();
        for (String userId : userIds) {
            ScheduleRecord r = new ScheduleRecord(Ids.next(), workflowKey, List.of(Recipient.user(userId)), actorId, tenant, d, repeat.toMap(),
                    endsAt, null, null, now, now);
            out.add(put(r, repeat, now));
        }
        return out;
    }

    /**
     * Changes a schedule's rule (the next occurrence is recomputed from now).
     *
     * @param scheduleId the schedule
     * @param repeat the new rule
     * @return the schedule as stored, with its next occurrence
     * @throws NotFoundException if there is no such schedule
     */
    public Schedule update(String scheduleId, RepeatRule repeat) {
        ScheduleRecord r = engine.store().findSchedule(scheduleId).orElseThrow(() -> new NotFoundException("no schedule '" + scheduleId + "'"));
        Instant now = engine.clock().instant();
        ScheduleRecord changed = new ScheduleRecord(r.id(), r.workflowKey(), r.recipients(), r.actorId(), r.tenant(), r.data(), repeat.toMap(),
                r.endsAt(), null, r.lastAt(), r.createdAt(), now);
        return put(changed, repeat, now);
    }

    private Schedule put(ScheduleRecord r, RepeatRule repeat, Instant now) {
        Instant next = engine.nextOccurrence(r, repeat, now);
        ScheduleRecord stored = new ScheduleRecord(r.id(), r.workflowKey(), r.recipients(), r.actorId(), r.tenant(), r.data(), r.repeat(),
                r.endsAt(), next, r.lastAt(), r.createdAt(), now);
        engine.store().putSchedule(stored, next == null ? null : Job.create(Ids.next(), JobKind.SCHEDULE, r.id(), null, next, now));
        return toSchedule(stored);
    }

    /**
     * Looks up a schedule.
     *
     * @param scheduleId the schedule id
     * @return the schedule, or empty if there is none
     */
    public Optional<Schedule> get(String scheduleId) {
        return engine.store().findSchedule(Validate.notNull("scheduleId", scheduleId)).map(Schedules::toSchedule);
    }

    /**
     * Deletes a schedule; false if there was none.
     *
     * @param scheduleId the schedule id
     * @return true if the schedule existed
     */
    public boolean delete(String scheduleId) {
        return engine.store().deleteSchedule(Validate.notNull("scheduleId", scheduleId));
    }

    /**
     * Schedules ordered by id, after {@code afterId} (null for the first page).
     *
     * @param afterId the last id of the previous page, or null for the first page
     * @param limit the largest number of schedules to return
     * @return the page, empty past the last schedule
     */
    public List<Schedule> list(String afterId, int limit) {
        return engine.store().schedules(afterId, limit).stream().map(Schedules::toSchedule).toList();
    }

    static Schedule toSchedule(ScheduleRecord r) {
        return new Schedule(r.id(), r.workflowKey(), r.recipients().get(0), r.actorId(), r.tenant(), r.data(), RepeatRule.fromMap(r.repeat()),
                r.endsAt(), r.nextAt(), r.lastAt(), r.createdAt());
    }
}
