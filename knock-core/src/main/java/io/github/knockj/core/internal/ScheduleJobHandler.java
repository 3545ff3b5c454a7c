package io.github.knockj.core.internal;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.RepeatRule;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.ScheduleChanges;
import io.github.knockj.core.spi.ScheduleRecord;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * {@link JobKind#SCHEDULE}: fires a recurring schedule, writing its trigger (and the trigger's job)
 * and the job of its next occurrence. It commits on its own, with the schedule's update, rather than
 * with the chunk.
 */
final class ScheduleJobHandler implements JobHandler.InChunk {
    private final Store store;
    private final Map<String, Workflow> workflows;
    private final Workers workers;

    ScheduleJobHandler(Store store, Map<String, Workflow> workflows, Workers workers) {
        this.store = store;
        this.workflows = workflows;
        this.workers = workers;
    }

    @Override
    public JobKind kind() {
        return JobKind.SCHEDULE;
    }

    @Override
    public void handle(Job job, ChangeSet chunkChanges, WorkChunk chunk) {
        Instant now = chunk.now();
        ChangeSet cs = new ChangeSet(chunk.owner());
        ScheduleRecord r = store.findSchedule(job.target()).orElse(null);
        cs.completedJobs().add(job.id());
        if (r == null || r.nextAt() == null || workflows.get(r.workflowKey()) == null) {
            store.commit(cs);
            return;
        }
        RepeatRule repeat = RepeatRule.fromMap(r.repeat());
        Instant fired = r.nextAt();
        Instant next = nextOccurrence(store, r, repeat, now.isAfter(fired) ? now : fired);
        ScheduleRecord updated = new ScheduleRecord(r.id(), r.workflowKey(), r.recipients(), r.actorId(), r.tenant(), r.data(), r.repeat(),
                r.endsAt(), next, fired, r.createdAt(), now);
        // applies only if the schedule is still as read: one deleted or replaced meanwhile does not fire
        ScheduleChanges firing = new ScheduleChanges(updated, r.updatedAt());
        String triggerId = Ids.derived(r.id(), fired.toString());
        firing.triggers().add(new TriggerRecord(triggerId, r.workflowKey(), r.recipients(), r.actorId(), r.tenant(), r.data(), Map.of(),
                null, null, false, 0, now));
        firing.jobs().add(Job.create(Ids.next(), JobKind.TRIGGER, triggerId, null, now, now));
        if (next != null) firing.jobs().add(Job.create(Ids.next(), JobKind.SCHEDULE, r.id(), null, next, now));
        cs.schedules().add(firing);
        store.commit(cs);
        workers.wakeUp();
    }

    /** The next occurrence of a schedule after {@code after}, in its recipient's time zone; null once past its end. */
    static Instant nextOccurrence(Store store, ScheduleRecord r, RepeatRule repeat, Instant after) {
        Recipient who = r.recipients().get(0);
        ZoneId zone = ZoneOffset.UTC;
        String tz = who.isUser() ? store.findUser(who.id()).flatMap(User::timezone).orElse(null) : null;
        if (tz == null && r.tenant() != null) tz = store.findTenant(r.tenant()).map(Tenant::timezone).orElse(null);
        if (tz != null) zone = ZoneId.of(tz);
        Instant next = repeat.nextAfter(after, zone, r.createdAt());
        return r.endsAt() != null && next.isAfter(r.endsAt()) ? null : next;
    }
}
