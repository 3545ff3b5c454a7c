package io.github.knockj.core;

import io.github.knockj.core.internal.Ids;
import io.github.knockj.core.internal.Validate;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Which feed items to list: one user's messages on one in-app channel, optionally one tenant's,
 * filtered and paged newest first. Immutable; every {@code with…} returns a copy.
 *
 * @param userId whose feed
 * @param channelKey which in-app channel
 * @param tenant only this tenant's messages; null for messages of any tenant
 * @param status read/seen filter
 * @param archived how archived messages are treated
 * @param workflowKey only this workflow's messages, or null
 * @param category only messages of workflows in this category, or null
 * @param pageSize at most this many items per page (1 to 100)
 * @param after the cursor of the previous page ({@link FeedPage#nextCursor()}, unchanged), or null for the
 *     newest page; a cursor this library did not issue fails with {@link InvalidInputException}
 */
public record FeedQuery(String userId, String channelKey, String tenant, StatusFilter status, ArchivedFilter archived,
                        String workflowKey, String category, int pageSize, String after) {
    /** Page size when none is given. */
    public static final int DEFAULT_PAGE_SIZE = 50;
    /** Largest page size. */
    public static final int MAX_PAGE_SIZE = 100;
    /** The version prefix of the cursors this library issues, so that their encoding can change. */
    private static final String CURSOR_PREFIX = "f1.";

    /** Read/seen filters. */
    public enum StatusFilter { /** Read or not. */ ALL, /** Not read. */ UNREAD, /** Read. */ READ, /** Not seen. */ UNSEEN, /** Seen. */ SEEN }

    /** Archived filters; the default excludes archived messages. */
    public enum ArchivedFilter { /** Unarchived messages only. */ EXCLUDE, /** Archived or not. */ INCLUDE, /** Archived messages only. */ ONLY }

    /**
     * Validates the query; a null {@code status} means {@link StatusFilter#ALL}, a null {@code archived}
     * {@link ArchivedFilter#EXCLUDE}.
     *
     * @param userId whose feed
     * @param channelKey which in-app channel
     * @param tenant only this tenant's messages; null for messages of any tenant
     * @param status read/seen filter
     * @param archived how archived messages are treated
     * @param workflowKey only this workflow's messages, or null
     * @param category only messages of workflows in this category, or null
     * @param pageSize at most this many items per page (1 to 100)
     * @param after the cursor of the previous page, or null for the newest page
     * @throws InvalidInputException naming the component, for an invalid user, channel or tenant id, or a
     *     page size out of range
     */
    public FeedQuery {
        Validate.id("feed.userId", userId);
        Validate.id("feed.channelKey", channelKey);
        if (tenant != null) Validate.id("feed.tenant", tenant);
        status = status == null ? StatusFilter.ALL : status;
        archived = archived == null ? ArchivedFilter.EXCLUDE : archived;
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new InvalidInputException("feed.pageSize", "must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        if (after != null) decodeCursor(after);
    }

    /**
     * The cursor that continues a feed with the messages older than {@code messageId}: what a store
     * returns as {@link FeedPage#nextCursor()}. Cursors are opaque to callers; only those made here
     * are accepted by {@link #withAfter(String)}.
     *
     * @param messageId the last message of the page
     * @return the opaque cursor
     * @throws InvalidInputException if {@code messageId} is not a message id of this library
     */
    public static String cursorAfter(String messageId) {
        if (messageId == null || !Ids.isId(messageId)) throw new InvalidInputException("feed.after", "'" + messageId + "' is not a message id");
        return CURSOR_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(messageId.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The id of the message this query's cursor continues after (the page lists older messages only),
     * or null without a cursor. For store implementations; the cursor was checked when the query was made.
     *
     * @return the message id the cursor stands for, or null
     */
    public String afterMessageId() {
        return after == null ? null : decodeCursor(after);
    }

    private static String decodeCursor(String cursor) {
        String id = null;
        if (cursor.startsWith(CURSOR_PREFIX)) {
            try {
                id = new String(Base64.getUrlDecoder().decode(cursor.substring(CURSOR_PREFIX.length())), StandardCharsets.US_ASCII);
            } catch (IllegalArgumentException e) {
                id = null;
            }
        }
        if (id == null || !Ids.isId(id) || !cursorAfter(id).equals(cursor)) {
            throw new InvalidInputException("feed.after", "is not a cursor this library issued; pass a page's nextCursor unchanged");
        }
        return id;
    }

    /**
     * The default query of a feed: every unarchived message, {@value #DEFAULT_PAGE_SIZE} per page, newest
     * first.
     *
     * @param userId whose feed
     * @param channelKey which in-app channel
     * @return the query
     * @throws InvalidInputException if an id is invalid
     */
    public static FeedQuery of(String userId, String channelKey) {
        return new FeedQuery(userId, channelKey, null, StatusFilter.ALL, ArchivedFilter.EXCLUDE, null, null, DEFAULT_PAGE_SIZE, null);
    }

    /**
     * {@return a copy limited to tenant {@code t}}
     *
     * @param t the tenant, or null for any
     */
    public FeedQuery withTenant(String t) { return new FeedQuery(userId, channelKey, t, status, archived, workflowKey, category, pageSize, after); }
    /**
     * {@return a copy with read/seen filter {@code s}}
     *
     * @param s the filter, or null for {@link StatusFilter#ALL}
     */
    public FeedQuery withStatus(StatusFilter s) { return new FeedQuery(userId, channelKey, tenant, s, archived, workflowKey, category, pageSize, after); }
    /**
     * {@return a copy with archived filter {@code a}}
     *
     * @param a the filter, or null for {@link ArchivedFilter#EXCLUDE}
     */
    public FeedQuery withArchived(ArchivedFilter a) { return new FeedQuery(userId, channelKey, tenant, status, a, workflowKey, category, pageSize, after); }
    /**
     * {@return a copy limited to workflow {@code w}}
     *
     * @param w the workflow key, or null for any
     */
    public FeedQuery withWorkflow(String w) { return new FeedQuery(userId, channelKey, tenant, status, archived, w, category, pageSize, after); }
    /**
     * {@return a copy limited to workflows in category {@code c}}
     *
     * @param c the category, or null for any
     */
    public FeedQuery withCategory(String c) { return new FeedQuery(userId, channelKey, tenant, status, archived, workflowKey, c, pageSize, after); }
    /**
     * {@return a copy with page size {@code n}}
     *
     * @param n 1 to {@value #MAX_PAGE_SIZE}
     */
    public FeedQuery withPageSize(int n) { return new FeedQuery(userId, channelKey, tenant, status, archived, workflowKey, category, n, after); }
    /**
     * This query continuing after a page: {@code cursor} is that page's {@link FeedPage#nextCursor()},
     * unchanged (null for the newest page).
     *
     * @param cursor the cursor a {@link FeedPage} returned, or null for the newest page
     * @return the query for the next page
     * @throws InvalidInputException if {@code cursor} is not a cursor this library issued
     */
    public FeedQuery withAfter(String cursor) { return new FeedQuery(userId, channelKey, tenant, status, archived, workflowKey, category, pageSize, cursor); }

    /**
     * Whether {@code m} belongs to this feed and passes every filter (the cursor aside).
     *
     * @param m a message
     * @return true if it belongs to this feed and passes the filters
     */
    public boolean matches(Message m) {
        if (!m.recipient().isUser() || !m.recipient().id().equals(userId) || !m.channelKey().equals(channelKey)) return false;
        if (tenant != null && !tenant.equals(m.tenant())) return false;
        if (workflowKey != null && !workflowKey.equals(m.workflowKey())) return false;
        if (category != null && !m.categories().contains(category)) return false;
        boolean statusOk = switch (status) {
            case ALL -> true;
            case UNREAD -> m.readAt() == null;
            case READ -> m.readAt() != null;
            case UNSEEN -> m.seenAt() == null;
            case SEEN -> m.seenAt() != null;
        };
        if (!statusOk) return false;
        return switch (archived) {
            case EXCLUDE -> m.archivedAt() == null;
            case INCLUDE -> true;
            case ONLY -> m.archivedAt() != null;
        };
    }
}
