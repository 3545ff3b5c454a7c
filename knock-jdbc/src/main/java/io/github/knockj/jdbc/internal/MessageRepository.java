package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.millis;
import static io.github.knockj.jdbc.internal.Sql.p;

import io.github.knockj.core.Engagement;
import io.github.knockj.core.FeedPage;
import io.github.knockj.core.FeedQuery;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageQuery;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.spi.EngagementChange;
import io.github.knockj.jdbc.internal.Schema.Events;
import io.github.knockj.jdbc.internal.Schema.Messages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.impl.DSL;

/** Messages, their history, feeds and engagement. */
public final class MessageRepository {
    private final Tx tx;

    public MessageRepository(Tx tx) {
        this.tx = tx;
    }

    public Optional<Message> findMessage(String id) {
        return tx.run("findMessage", ctx -> ctx.select(Mapping.MESSAGE_FIELDS).from(Messages.T).where(Messages.ID.eq(id))
                .fetchOptional().map(Mapping::message));
    }

    public Map<String, Message> findMessages(Collection<String> ids) {
        if (ids.isEmpty()) return Map.of();
        return tx.run("findMessages", ctx -> {
            Map<String, Message> out = new HashMap<>();
            for (List<String> chunk : Sql.chunks(List.copyOf(new HashSet<>(ids)), Sql.MAX_IN)) {
                ctx.select(Mapping.MESSAGE_FIELDS).from(Messages.T).where(Messages.ID.in(chunk)).fetch()
                        .forEach(r -> out.put(r.get(Messages.ID), Mapping.message(r)));
            }
            return out;
        });
    }

    /**
     * The message's creation event kept on its row (V6; see {@link CommitWriter}), if any, then its
     * event rows in the order written, in one statement.
     */
    public List<MessageEvent> messageEvents(String messageId) {
        Field<Long> order = DSL.field(DSL.name("event_order"), Long.class);
        return tx.run("messageEvents", ctx -> ctx
                .select(Messages.CREATED_AT, Messages.CREATED_EVENT, Messages.CREATED_EVENT_DETAIL, DSL.inline(0L).as(order))
                .from(Messages.T).where(Messages.ID.eq(messageId).and(Messages.CREATED_EVENT.isNotNull()))
                .unionAll(DSL.select(Events.AT, Events.TYPE, Events.DETAIL, Events.SEQ.as(order))
                        .from(Events.T).where(Events.MESSAGE_ID.eq(messageId)))
                .orderBy(order)
                .fetch(r -> new MessageEvent(messageId, Codec.instant(r.value1()), r.value2(), r.value3())));
    }

    /** Newest first by id; the status and channel filters each have an index ending in id (V2). */
    public List<Message> listMessages(MessageQuery q) {
        Condition c = DSL.noCondition();
        if (q.status() != null) c = c.and(Messages.STATUS.eq(q.status().name()));
        if (q.channelKey() != null) c = c.and(Messages.CHANNEL_KEY.eq(q.channelKey()));
        if (q.before() != null) c = c.and(Messages.ID.lt(q.before()));
        Condition where = c;
        return tx.run("listMessages", ctx -> ctx.select(Mapping.MESSAGE_FIELDS).from(Messages.T).where(where)
                .orderBy(Messages.ID.desc()).limit(q.limit()).fetch(Mapping::message));
    }

    public List<Message> messagesOfRun(String runId) {
        return tx.run("messagesOfRun", ctx -> ctx.select(Mapping.MESSAGE_FIELDS).from(Messages.T).where(Messages.RUN_ID.eq(runId))
                .orderBy(Messages.CREATED_AT, Messages.ID).fetch(Mapping::message));
    }

    /** The feed's own filters: recipient, channel, tenant, workflow, category and archive, not read status or cursor. */
    private static Condition feedFilter(FeedQuery q) {
        Condition c = Messages.RECIPIENT.eq(q.userId()).and(Messages.CHANNEL_KEY.eq(q.channelKey()));
        if (q.tenant() != null) c = c.and(Messages.TENANT.eq(q.tenant()));
        if (q.workflowKey() != null) c = c.and(Messages.WORKFLOW_KEY.eq(q.workflowKey()));
        if (q.category() != null) c = c.and(Messages.CATEGORIES.contains(Codec.categoryPattern(q.category())));
        return switch (q.archived()) {
            case EXCLUDE -> c.and(Messages.ARCHIVED_AT.isNull());
            case INCLUDE -> c;
            case ONLY -> c.and(Messages.ARCHIVED_AT.isNotNull());
        };
    }

    private static Condition statusFilter(FeedQuery q) {
        return switch (q.status()) {
            case ALL -> DSL.noCondition();
            case UNREAD -> Messages.READ_AT.isNull();
            case READ -> Messages.READ_AT.isNotNull();
            case UNSEEN -> Messages.SEEN_AT.isNull();
            case SEEN -> Messages.SEEN_AT.isNotNull();
        };
    }

    public FeedPage feed(FeedQuery q) {
        return tx.run("feed", ctx -> {
            Condition filter = feedFilter(q);
            Record3<Integer, Integer, Integer> counts = ctx.select(DSL.count(),
                            DSL.count().filterWhere(Messages.READ_AT.isNull()),
                            DSL.count().filterWhere(Messages.SEEN_AT.isNull()))
                    .from(Messages.T).where(filter).fetchOne();
            List<Message> items = ctx.select(Mapping.MESSAGE_FIELDS).from(Messages.T)
                    .where(filter.and(statusFilter(q)).and(q.afterMessageId() == null ? DSL.noCondition() : Messages.ID.lt(q.afterMessageId())))
                    .orderBy(Messages.ID.desc())
                    .limit(q.pageSize() + 1)
                    .fetch(Mapping::message);
            boolean more = items.size() > q.pageSize();
            List<Message> page = more ? items.subList(0, q.pageSize()) : items;
            return new FeedPage(page, more ? FeedQuery.cursorAfter(page.get(page.size() - 1).id()) : null,
                    counts.value1(), counts.value2(), counts.value3());
        });
    }

    /**
     * One guarded {@code UPDATE … RETURNING} per chunk of ids, touching only the rows the change
     * changes, then one multi-row insert of their events.
     */
    public List<Message> updateEngagement(Collection<String> messageIds, EngagementChange change) {
        if (messageIds.isEmpty()) return List.of();
        List<String> ids = List.copyOf(new LinkedHashSet<>(messageIds));
        return tx.run("updateEngagement", ctx -> {
            Map<String, Message> changed = new HashMap<>();
            for (List<String> chunk : Sql.chunks(ids.stream().sorted().toList(), Sql.MAX_IN)) {
                engage(ctx, change, Messages.ID.in(chunk)).forEach(m -> changed.put(m.id(), m));
            }
            List<Message> inOrder = new ArrayList<>(changed.size());
            for (String id : ids) {
                Message m = changed.get(id);
                if (m != null) inOrder.add(m);
            }
            insertEvents(ctx, change, inOrder.stream().map(Message::id).toList());
            return inOrder;
        });
    }

    /** One guarded {@code UPDATE … RETURNING id} over the feed's rows, then one multi-row insert of their events. */
    public int updateEngagementWhere(FeedQuery query, EngagementChange change) {
        return tx.run("updateEngagementWhere", ctx -> {
            List<String> changed = ctx.update(Messages.T).set(assignments(change))
                    .where(feedFilter(query).and(statusFilter(query)).and(changes(change)))
                    .returning(Messages.ID).fetch(Messages.ID);
            insertEvents(ctx, change, changed.stream().sorted(Comparator.reverseOrder()).toList());
            return changed.size();
        });
    }

    private static List<Message> engage(DSLContext ctx, EngagementChange change, Condition which) {
        return ctx.update(Messages.T).set(assignments(change)).where(which.and(changes(change)))
                .returning(Mapping.MESSAGE_FIELDS).fetch(Mapping::message);
    }

    private static void insertEvents(DSLContext ctx, EngagementChange change, List<String> messageIds) {
        if (messageIds.isEmpty()) return;
        List<Object[]> events = new ArrayList<>(messageIds.size());
        for (String id : messageIds) events.add(Mapping.row(change.eventFor(id)));
        Sql.insert(ctx, Events.T, Mapping.EVENT_FIELDS, events);
    }

    /** The rows the change changes: one of the timestamps it sets still null, or the one it clears set. */
    private static Condition changes(EngagementChange change) {
        if (change.clears() != null) return column(change.clears()).isNotNull();
        return DSL.or(change.sets().stream().map(e -> column(e).isNull()).toList());
    }

    /** Each timestamp the change sets kept if set (else {@code at}), the one it clears nulled, and {@code updated_at}. */
    private static Map<Field<?>, Object> assignments(EngagementChange change) {
        Map<Field<?>, Object> set = new LinkedHashMap<>();
        for (Engagement e : change.sets()) set.put(column(e), DSL.coalesce(column(e), DSL.val(millis(change.at()), column(e))));
        if (change.clears() != null) set.put(column(change.clears()), DSL.inline(null, column(change.clears())));
        set.put(Messages.UPDATED_AT, DSL.val(millis(change.now()), Messages.UPDATED_AT));
        return set;
    }

    private static Field<Long> column(Engagement e) {
        return switch (e) {
            case SEEN -> Messages.SEEN_AT;
            case READ -> Messages.READ_AT;
            case INTERACTED -> Messages.INTERACTED_AT;
            case LINK_CLICKED -> Messages.LINK_CLICKED_AT;
            case ARCHIVED -> Messages.ARCHIVED_AT;
        };
    }
}
