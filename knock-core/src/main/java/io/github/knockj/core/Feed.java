package io.github.knockj.core;

import io.github.knockj.core.internal.Engine;
import io.github.knockj.core.internal.Validate;
import java.util.List;
import java.util.Map;

/**
 * One user's in-app feed on one channel, optionally limited to one tenant: list it newest first,
 * count it, and mark its messages. Every operation is confined to this feed: a message id that
 * belongs to another user, channel or tenant is reported as not found. Thread-safe.
 */
public final class Feed {
    private final Engine engine;
    private final Engagements engagements;
    private final FeedQuery scope;

    Feed(Engine engine, Engagements engagements, FeedQuery scope) {
        this.engine = engine;
        this.engagements = engagements;
        this.scope = scope;
    }

    /**
     * This feed limited to one tenant's messages.
     *
     * @param tenantId the tenant
     * @return a new feed; this one is unchanged
     * @throws InvalidInputException if the tenant id is invalid
     */
    public Feed tenant(String tenantId) {
        return new Feed(engine, engagements, scope.withTenant(Validate.id("tenant", tenantId)));
    }

    /**
     * The query this feed lists by default; refine it with its {@code with…} methods and pass it to {@link
     * #list(FeedQuery)}.
     *
     * @return the feed's default query
     */
    public FeedQuery query() {
        return scope;
    }

    /**
     * The newest page (50 items), unarchived, any read status.
     *
     * @return the first page, with the feed's counts
     */
    public FeedPage list() {
        return list(scope);
    }

    /**
     * A page for {@code query}; its user, channel and (if this feed has one) tenant are forced to
     * this feed's.
     *
     * @param query filters, page size and cursor
     * @return the page, with the feed's counts and the next page's cursor
     */
    public FeedPage list(FeedQuery query) {
        FeedQuery q = new FeedQuery(scope.userId(), scope.channelKey(), scope.tenant() != null ? scope.tenant() : query.tenant(),
                query.status(), query.archived(), query.workflowKey(), query.category(), query.pageSize(), query.after());
        return engine.store().feed(q);
    }

    /**
     * Badge counts: {@code total}, {@code unread}, {@code unseen} over unarchived messages.
     *
     * @return an unmodifiable map of the three counts
     */
    public Map<String, Long> counts() {
        FeedPage p = engine.store().feed(scope.withPageSize(1));
        return Map.of("total", p.totalCount(), "unread", p.unreadCount(), "unseen", p.unseenCount());
    }

    /**
     * Marks messages of this feed seen.
     *
     * @param messageIds messages of this feed
     * @return the messages that changed
     * @throws NotFoundException if any id is not a message of this feed; nothing is changed then
     */
    public List<Message> markSeen(String... messageIds) { return mark(Engagement.SEEN, true, messageIds); }
    /**
     * Marks messages of this feed unseen.
     *
     * @param messageIds messages of this feed
     * @return the messages that changed
     * @throws NotFoundException if any id is not a message of this feed; nothing is changed then
     */
    public List<Message> markUnseen(String... messageIds) { return mark(Engagement.SEEN, false, messageIds); }
    /**
     * Marks messages of this feed read.
     *
     * @param messageIds messages of this feed
     * @return the messages that changed
     * @throws NotFoundException if any id is not a message of this feed; nothing is changed then
     */
    public List<Message> markRead(String... messageIds) { return mark(Engagement.READ, true, messageIds); }
    /**
     * Marks messages of this feed unread.
     *
     * @param messageIds messages of this feed
     * @return the messages that changed
     * @throws NotFoundException if any id is not a message of this feed; nothing is changed then
     */
    public List<Message> markUnread(String... messageIds) { return mark(Engagement.READ, false, messageIds); }
    /**
     * Marks messages of this feed interacted with (clicked, say).
     *
     * @param messageIds messages of this feed
     * @return the messages that changed
     * @throws NotFoundException if any id is not a message of this feed; nothing is changed then
     */
    public List<Message> markInteracted(String... messageIds) { return mark(Engagement.INTERACTED, true, messageIds); }
    /**
     * Archives messages of this feed; the default listing leaves them out.
     *
     * @param messageIds messages of this feed
     * @return the messages that changed
     * @throws NotFoundException if any id is not a message of this feed; nothing is changed then
     */
    public List<Message> archive(String... messageIds) { return mark(Engagement.ARCHIVED, true, messageIds); }
    /**
     * Unarchives messages of this feed.
     *
     * @param messageIds messages of this feed
     * @return the messages that changed
     * @throws NotFoundException if any id is not a message of this feed; nothing is changed then
     */
    public List<Message> unarchive(String... messageIds) { return mark(Engagement.ARCHIVED, false, messageIds); }

    /**
     * Sets ({@code set}) or clears engagement {@code e} on messages of this feed; returns those that
     * changed.
     *
     * @param e the engagement
     * @param set true to set it (now), false to clear it
     * @param messageIds messages of this feed
     * @return the messages that changed; those already so are left out
     * @throws NotFoundException if any id is not a message of this feed; nothing is changed then
     */
    public List<Message> mark(Engagement e, boolean set, String... messageIds) {
        List<String> ids = List.of(messageIds);
        Map<String, Message> found = engine.store().findMessages(ids);
        FeedQuery anyStatus = scope.withStatus(FeedQuery.StatusFilter.ALL).withArchived(FeedQuery.ArchivedFilter.INCLUDE);
        for (String id : ids) {
            Message m = found.get(id);
            if (m == null || !anyStatus.matches(m)) {
                throw new NotFoundException("no message '" + id + "' in the feed of user '" + scope.userId() + "' on '" + scope.channelKey() + "'"
                        + (scope.tenant() == null ? "" : " for tenant '" + scope.tenant() + "'"));
            }
        }
        return engagements.apply(ids, e, set);
    }

    /**
     * Marks every unarchived message of this feed seen.
     *
     * @return how many changed
     */
    public int markAllSeen() { return markAll(Engagement.SEEN); }
    /**
     * Marks every unarchived message of this feed read.
     *
     * @return how many changed
     */
    public int markAllRead() { return markAll(Engagement.READ); }
    /**
     * Archives every message of this feed.
     *
     * @return how many changed
     */
    public int archiveAll() { return markAll(Engagement.ARCHIVED); }

    private int markAll(Engagement e) {
        java.time.Instant now = engine.clock().instant();
        return engine.store().updateEngagementWhere(scope, io.github.knockj.core.spi.EngagementChange.set(e, now, now));
    }
}
