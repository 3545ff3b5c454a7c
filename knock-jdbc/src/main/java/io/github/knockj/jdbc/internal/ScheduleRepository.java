package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.instant;
import static io.github.knockj.jdbc.internal.Codec.json;
import static io.github.knockj.jdbc.internal.Codec.millis;

import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.ScheduleRecord;
import io.github.knockj.jdbc.internal.Schema.Jobs;
import io.github.knockj.jdbc.internal.Schema.Schedules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Recurring schedules and their fire jobs. */
public final class ScheduleRepository {
    private static final List<Field<?>> FIELDS = Sql.fields(Schedules.ID, Schedules.WORKFLOW_KEY, Schedules.RECIPIENTS,
            Schedules.ACTOR_ID, Schedules.TENANT, Schedules.DATA, Schedules.REPEAT, Schedules.ENDS_AT, Schedules.NEXT_AT,
            Schedules.LAST_AT, Schedules.CREATED_AT, Schedules.UPDATED_AT);

    private final Tx tx;

    public ScheduleRepository(Tx tx) {
        this.tx = tx;
    }

    public void put(ScheduleRecord schedule, Job nextJob) {
        tx.run("putSchedule", ctx -> {
            deletePendingJobs(ctx, schedule.id());
            write(ctx, schedule);
            if (nextJob != null) Sql.insert(ctx, Jobs.T, Mapping.JOB_FIELDS, List.<Object[]>of(Mapping.row(nextJob)));
            return null;
        });
    }

    private static void write(DSLContext ctx, ScheduleRecord s) {
        Sql.put(ctx, Schedules.T, Schedules.ID.eq(s.id()), values(s));
    }

    /**
     * Replaces a stored schedule only if its updated-at time is still {@code expectedUpdatedAt}: one
     * guarded update, so a schedule deleted or replaced meanwhile is left as it is.
     *
     * @return true if the schedule was replaced
     */
    static boolean replaceIfUnchanged(DSLContext ctx, ScheduleRecord s, java.time.Instant expectedUpdatedAt) {
        return ctx.update(Schedules.T).set(values(s))
                .where(Schedules.ID.eq(s.id()).and(Schedules.UPDATED_AT.eq(millis(expectedUpdatedAt)))).execute() > 0;
    }

    private static Map<Field<?>, Object> values(ScheduleRecord s) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(Schedules.ID, s.id());
        values.put(Schedules.WORKFLOW_KEY, s.workflowKey());
        values.put(Schedules.RECIPIENTS, Codec.recipients(s.recipients()));
        values.put(Schedules.ACTOR_ID, s.actorId());
        values.put(Schedules.TENANT, s.tenant());
        values.put(Schedules.DATA, json(s.data()));
        values.put(Schedules.REPEAT, json(s.repeat()));
        values.put(Schedules.ENDS_AT, millis(s.endsAt()));
        values.put(Schedules.NEXT_AT, millis(s.nextAt()));
        values.put(Schedules.LAST_AT, millis(s.lastAt()));
        values.put(Schedules.CREATED_AT, millis(s.createdAt()));
        values.put(Schedules.UPDATED_AT, millis(s.updatedAt()));
        return values;
    }

    private static void deletePendingJobs(DSLContext ctx, String scheduleId) {
        ctx.deleteFrom(Jobs.T).where(Jobs.TARGET.eq(scheduleId).and(Jobs.OWNER.isNull())).execute();
    }

    private static ScheduleRecord schedule(Record r) {
        return new ScheduleRecord(r.get(Schedules.ID), r.get(Schedules.WORKFLOW_KEY), Codec.recipients(r.get(Schedules.RECIPIENTS)),
                r.get(Schedules.ACTOR_ID), r.get(Schedules.TENANT), Codec.map(r.get(Schedules.DATA)), Codec.map(r.get(Schedules.REPEAT)),
                instant(r.get(Schedules.ENDS_AT)), instant(r.get(Schedules.NEXT_AT)), instant(r.get(Schedules.LAST_AT)),
                instant(r.get(Schedules.CREATED_AT)), instant(r.get(Schedules.UPDATED_AT)));
    }

    public Optional<ScheduleRecord> find(String id) {
        return tx.run("findSchedule", ctx -> ctx.select(FIELDS).from(Schedules.T).where(Schedules.ID.eq(id))
                .fetchOptional().map(ScheduleRepository::schedule));
    }

    public boolean delete(String id) {
        return tx.run("deleteSchedule", ctx -> {
            deletePendingJobs(ctx, id);
            return ctx.deleteFrom(Schedules.T).where(Schedules.ID.eq(id)).execute() > 0;
        });
    }

    public List<ScheduleRecord> list(String afterId, int limit) {
        return tx.run("schedules", ctx -> ctx.select(FIELDS).from(Schedules.T)
                .where(afterId == null ? DSL.noCondition() : Schedules.ID.gt(afterId))
                .orderBy(Schedules.ID).limit(limit)
                .fetch(ScheduleRepository::schedule));
    }
}
