package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.millis;
import static io.github.knockj.jdbc.internal.Sql.p;

import io.github.knockj.core.Engagement;
import io.github.knockj.core.FeedPage;
import io.github.knockj.core.FeedQuery;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageQuery;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.jdbc.internal.Schema.Events;
import io.github.knockj.jdbc.internal.Schema.Messages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;

/** Messages, their history, feeds and engagement. */
public final class MessageRepository {
    /** Messages read per statement while engaging a whole feed. */
    private static final int ENGAGE_PAGE = 500;

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

    public List<MessageEvent> messageEvents(String messageId) {
        return tx.run("messageEvents", ctx -> ctx.select(Mapping.EVENT_FIELDS).from(Events.T).where(Events.MESSAGE_ID.eq(messageId))
                .orderBy(Events.SEQ).fetch(Mapping::event));
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

    public List<Message> updateEngagement(Collection<String> messageIds, Engagement engagement, Instant at, Instant now) {
        if (messageIds.isEmpty()) return List.of();
        return tx.run("updateEngagement", ctx -> {
            List<Message> found = new ArrayList<>();
            for (List<String> chunk : Sql.chunks(List.copyOf(new java.util.LinkedHashSet<>(messageIds)), Sql.MAX_IN)) {
                found.addAll(ctx.select(Mapping.MESSAGE_FIELDS).from(Messages.T).where(Messages.ID.in(chunk))
                        .orderBy(Messages.ID).forUpdate().fetch(Mapping::message));
            }
            Map<String, Message> byId = new HashMap<>();
            found.forEach(m -> byId.put(m.id(), m));
            List<Message> inOrder = new ArrayList<>();
            for (String id : new java.util.LinkedHashSet<>(messageIds)) {
                Message m = byId.get(id);
                if (m != null) inOrder.add(m);
            }
            return engage(ctx, inOrder, engagement, at, now);
        });
    }

    public int updateEngagementWhere(FeedQuery query, Engagement engagement, Instant at, Instant now) {
        return tx.run("updateEngagementWhere", ctx -> {
            Condition filter = feedFilter(query).and(statusFilter(query));
            int changed = 0;
            String before = null;
            while (true) {
                List<Message> page = ctx.select(Mapping.MESSAGE_FIELDS).from(Messages.T)
                        .where(filter.and(before == null ? DSL.noCondition() : Messages.ID.lt(before)))
                        .orderBy(Messages.ID.desc()).limit(ENGAGE_PAGE).forUpdate()
                        .fetch(Mapping::message);
                if (page.isEmpty()) return changed;
                changed += engage(ctx, page, engagement, at, now).size();
                if (page.size() < ENGAGE_PAGE) return changed;
                before = page.get(page.size() - 1).id();
            }
        });
    }

    /** Applies the engagement to each message, writing (and recording history for) those it changes. */
    private static List<Message> engage(DSLContext ctx, List<Message> messages, Engagement engagement, Instant at, Instant now) {
        List<Message> changed = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> events = new ArrayList<>();
        String type = engagement.name().toLowerCase(Locale.ROOT);
        for (Message m : messages) {
            Message next = m.withEngagement(engagement, at, now);
            if (sameEngagement(m, next)) continue;
            changed.add(next);
            updates.add(new Object[] {millis(next.seenAt()), millis(next.readAt()), millis(next.interactedAt()),
                    millis(next.linkClickedAt()), millis(next.archivedAt()), millis(next.updatedAt()), next.id()});
            events.add(Mapping.row(new MessageEvent(m.id(), now, at == null ? "un" + type : type, null)));
        }
        if (!updates.isEmpty()) {
            Sql.batch(ctx, ctx.update(Messages.T).set(Messages.SEEN_AT, p(Messages.SEEN_AT)).set(Messages.READ_AT, p(Messages.READ_AT))
                    .set(Messages.INTERACTED_AT, p(Messages.INTERACTED_AT)).set(Messages.LINK_CLICKED_AT, p(Messages.LINK_CLICKED_AT))
                    .set(Messages.ARCHIVED_AT, p(Messages.ARCHIVED_AT)).set(Messages.UPDATED_AT, p(Messages.UPDATED_AT))
                    .where(Messages.ID.eq(p(Messages.ID))), updates);
            Sql.insert(ctx, Events.T, Mapping.EVENT_FIELDS, events);
        }
        return changed;
    }

    private static boolean sameEngagement(Message a, Message b) {
        for (Engagement e : Engagement.values()) {
            if (!Objects.equals(a.engagedAt(e), b.engagedAt(e))) return false;
        }
        return true;
    }
}
