package io.github.knockj.core;

import java.util.List;

/**
 * One page of a feed, newest first.
 *
 * @param items the messages on this page
 * @param nextCursor pass to {@link FeedQuery#withAfter(String)} for the next (older) page; null on the last page.
 *     An opaque token (a store makes it with {@link FeedQuery#cursorAfter(String)}); any other string is rejected
 * @param totalCount messages matching the query's tenant, workflow, category and archived filters (any read status)
 * @param unreadCount of those, how many are unread
 * @param unseenCount of those, how many are unseen
 */
public record FeedPage(List<Message> items, String nextCursor, long totalCount, long unreadCount, long unseenCount) {
    /**
     * Copies {@code items}.
     *
     * @param items the messages on this page
     * @param nextCursor pass to {@link FeedQuery#withAfter(String)} for the next (older) page; null on the last page
     * @param totalCount messages matching the query's tenant, workflow, category and archived filters (any read status)
     * @param unreadCount of those, how many are unread
     * @param unseenCount of those, how many are unseen
     */
    public FeedPage {
        items = List.copyOf(items);
    }
}
