package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.instant;
import static io.github.knockj.jdbc.internal.Codec.json;
import static io.github.knockj.jdbc.internal.Codec.map;
import static io.github.knockj.jdbc.internal.Codec.millis;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.TriggerRecord;
import io.github.knockj.jdbc.internal.Schema.Events;
import io.github.knockj.jdbc.internal.Schema.Jobs;
import io.github.knockj.jdbc.internal.Schema.Messages;
import io.github.knockj.jdbc.internal.Schema.RunLog;
import io.github.knockj.jdbc.internal.Schema.Runs;
import io.github.knockj.jdbc.internal.Schema.Triggers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jooq.Field;
import org.jooq.Record;

/** Rows of the run-side tables: column lists, model objects to rows and back. */
final class Mapping {
    private Mapping() {}

    static final List<Field<?>> TRIGGER_FIELDS = Sql.fields(Triggers.ID, Triggers.WORKFLOW_KEY, Triggers.RECIPIENTS, Triggers.ACTOR_ID,
            Triggers.TENANT, Triggers.DATA, Triggers.RECIPIENT_DATA, Triggers.CANCELLATION_KEY, Triggers.IDEMPOTENCY_KEY,
            Triggers.SKIP_DELAYS, Triggers.DEPTH, Triggers.CREATED_AT, Triggers.TRACE_CONTEXT);

    static Object[] row(TriggerRecord t) {
        return new Object[] {t.id(), t.workflowKey(), Codec.recipients(t.recipients()), t.actorId(), t.tenant(), json(t.data()),
                json(t.recipientData()), t.cancellationKey(), t.idempotencyKey(), t.skipDelays(), t.depth(), millis(t.createdAt()),
                t.traceContext()};
    }

    static TriggerRecord trigger(Record r) {
        return new TriggerRecord(r.get(Triggers.ID), r.get(Triggers.WORKFLOW_KEY), Codec.recipients(r.get(Triggers.RECIPIENTS)),
                r.get(Triggers.ACTOR_ID), r.get(Triggers.TENANT), map(r.get(Triggers.DATA)), Codec.mapOfMaps(r.get(Triggers.RECIPIENT_DATA)),
                r.get(Triggers.CANCELLATION_KEY), r.get(Triggers.IDEMPOTENCY_KEY), r.get(Triggers.SKIP_DELAYS), r.get(Triggers.DEPTH),
                instant(r.get(Triggers.CREATED_AT)), r.get(Triggers.TRACE_CONTEXT));
    }

    static final List<Field<?>> RUN_FIELDS = Sql.fields(Runs.ID, Runs.TRIGGER_ID, Runs.WORKFLOW_KEY, Runs.RECIPIENT, Runs.ACTOR_ID,
            Runs.TENANT, Runs.DATA, Runs.CANCELLATION_KEY, Runs.STATUS, Runs.CURSOR, Runs.STATE, Runs.DEPTH, Runs.SKIP_DELAYS,
            Runs.CREATED_AT, Runs.UPDATED_AT, Runs.VERSION);

    /**
     * The columns a new run is inserted with: {@link #RUN_FIELDS} and its log. Runs are read without
     * their logs, so that fetching runs in bulk does not fetch logs.
     */
    static final List<Field<?>> RUN_INSERT_FIELDS = Sql.fields(Runs.ID, Runs.TRIGGER_ID, Runs.WORKFLOW_KEY, Runs.RECIPIENT,
            Runs.ACTOR_ID, Runs.TENANT, Runs.DATA, Runs.CANCELLATION_KEY, Runs.STATUS, Runs.CURSOR, Runs.STATE, Runs.DEPTH,
            Runs.SKIP_DELAYS, Runs.CREATED_AT, Runs.UPDATED_AT, Runs.VERSION, Runs.LOG);

    /** A new run's row in {@link #RUN_INSERT_FIELDS} order, with its log entries. */
    static Object[] row(WorkflowRun r, List<RunLogEntry> log) {
        return new Object[] {r.id(), r.triggerId(), r.workflowKey(), r.recipient().key(), r.actorId(), r.tenant(), json(r.data()),
                r.cancellationKey(), r.status().name(), r.cursor(), json(r.state()), r.depth(), r.skipDelays(), millis(r.createdAt()),
                millis(r.updatedAt()), r.version(), RunLogText.encode(log)};
    }

    static WorkflowRun run(Record r) {
        return new WorkflowRun(r.get(Runs.ID), r.get(Runs.TRIGGER_ID), r.get(Runs.WORKFLOW_KEY), Recipient.fromKey(r.get(Runs.RECIPIENT)),
                r.get(Runs.ACTOR_ID), r.get(Runs.TENANT), map(r.get(Runs.DATA)), r.get(Runs.CANCELLATION_KEY),
                RunStatus.valueOf(r.get(Runs.STATUS)), r.get(Runs.CURSOR), map(r.get(Runs.STATE)), r.get(Runs.DEPTH),
                r.get(Runs.SKIP_DELAYS), instant(r.get(Runs.CREATED_AT)), instant(r.get(Runs.UPDATED_AT)), r.get(Runs.VERSION));
    }

    static final List<Field<?>> LOG_FIELDS = Sql.fields(RunLog.RUN_ID, RunLog.AT, RunLog.STEP_REF, RunLog.OUTCOME, RunLog.DETAIL);

    static RunLogEntry logEntry(Record r) {
        return new RunLogEntry(r.get(RunLog.RUN_ID), instant(r.get(RunLog.AT)), r.get(RunLog.STEP_REF),
                RunLogEntry.Outcome.valueOf(r.get(RunLog.OUTCOME)), r.get(RunLog.DETAIL));
    }

    static final List<Field<?>> MESSAGE_FIELDS = Sql.fields(Messages.ID, Messages.RUN_ID, Messages.WORKFLOW_KEY, Messages.STEP_REF,
            Messages.CHANNEL_KEY, Messages.CHANNEL_TYPE, Messages.RECIPIENT, Messages.TENANT, Messages.ACTOR_ID, Messages.CATEGORIES,
            Messages.CONTENT, Messages.DATA, Messages.STATUS, Messages.ATTEMPTS, Messages.SEEN_AT, Messages.READ_AT,
            Messages.INTERACTED_AT, Messages.LINK_CLICKED_AT, Messages.ARCHIVED_AT, Messages.CREATED_AT, Messages.UPDATED_AT);

    /** {@link #MESSAGE_FIELDS} and the message's creation event (V6), as {@link #row(Message, MessageEvent)} gives them. */
    static final List<Field<?>> MESSAGE_INSERT_FIELDS = Stream.concat(MESSAGE_FIELDS.stream(),
            Stream.of(Messages.CREATED_EVENT, Messages.CREATED_EVENT_DETAIL)).toList();

    /** A new message's row, with its creation event ({@code created}, at its {@code createdAt}) or none if null. */
    static Object[] row(Message m, MessageEvent created) {
        return new Object[] {m.id(), m.runId(), m.workflowKey(), m.stepRef(), m.channelKey(), m.channelType().name(),
                m.recipient().key(), m.tenant(), m.actorId(), Codec.categories(m.categories()), json(m.content()), json(m.data()),
                m.status().name(), m.attempts(), millis(m.seenAt()), millis(m.readAt()), millis(m.interactedAt()),
                millis(m.linkClickedAt()), millis(m.archivedAt()), millis(m.createdAt()), millis(m.updatedAt()),
                created == null ? null : created.type(), created == null ? null : created.detail()};
    }

    static Message message(Record r) {
        Map<String, String> content = new LinkedHashMap<>();
        map(r.get(Messages.CONTENT)).forEach((k, v) -> content.put(k, v == null ? null : v.toString()));
        return new Message(r.get(Messages.ID), r.get(Messages.RUN_ID), r.get(Messages.WORKFLOW_KEY), r.get(Messages.STEP_REF),
                r.get(Messages.CHANNEL_KEY), ChannelType.valueOf(r.get(Messages.CHANNEL_TYPE)), Recipient.fromKey(r.get(Messages.RECIPIENT)),
                r.get(Messages.TENANT), r.get(Messages.ACTOR_ID), Codec.categories(r.get(Messages.CATEGORIES)), content,
                map(r.get(Messages.DATA)), DeliveryStatus.valueOf(r.get(Messages.STATUS)), r.get(Messages.ATTEMPTS),
                instant(r.get(Messages.SEEN_AT)), instant(r.get(Messages.READ_AT)), instant(r.get(Messages.INTERACTED_AT)),
                instant(r.get(Messages.LINK_CLICKED_AT)), instant(r.get(Messages.ARCHIVED_AT)), instant(r.get(Messages.CREATED_AT)),
                instant(r.get(Messages.UPDATED_AT)));
    }

    static final List<Field<?>> EVENT_FIELDS = Sql.fields(Events.MESSAGE_ID, Events.AT, Events.TYPE, Events.DETAIL);

    static Object[] row(MessageEvent e) {
        return new Object[] {e.messageId(), millis(e.at()), e.type(), e.detail()};
    }

    /**
     * The extra boolean column of {@link Dialect#claimJobs} results: whether the job was still under
     * a lease that had run out when claimed.
     */
    static final Field<Boolean> RECOVERED = org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("recovered"), Boolean.class);

    /** A claimed job, {@link Job#asRecovered() marked recovered} if its {@link #RECOVERED} column says so. */
    static Job claimedJob(Record r) {
        Job job = job(r);
        return Boolean.TRUE.equals(r.get(RECOVERED)) ? job.asRecovered() : job;
    }

    static final List<Field<?>> JOB_FIELDS = Sql.fields(Jobs.ID, Jobs.KIND, Jobs.TARGET, Jobs.PAYLOAD, Jobs.DUE_AT, Jobs.ATTEMPTS,
            Jobs.OWNER, Jobs.LEASE_UNTIL, Jobs.CREATED_AT);

    static Object[] row(Job j) {
        return new Object[] {j.id(), j.kind().name(), j.target(), j.payload(), millis(j.dueAt()), j.attempts(), j.owner(),
                millis(j.leaseUntil()), millis(j.createdAt())};
    }

    static Job job(Record r) {
        return new Job(r.get(Jobs.ID), JobKind.valueOf(r.get(Jobs.KIND)), r.get(Jobs.TARGET), r.get(Jobs.PAYLOAD),
                instant(r.get(Jobs.DUE_AT)), r.get(Jobs.ATTEMPTS), r.get(Jobs.OWNER), instant(r.get(Jobs.LEASE_UNTIL)),
                instant(r.get(Jobs.CREATED_AT)));
    }
}
