package io.github.knockj.core.spi;

import io.github.knockj.core.Engagement;
import io.github.knockj.core.FeedPage;
import io.github.knockj.core.FeedQuery;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.MessageQuery;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's role for messages: each message with its delivery state and engagement, its status
 * history (message events), and the feeds that page a user's messages newest first with counts.
 * Messages and delivery updates are written by {@link ChangeSetStore#commit}; engagement here.
 *
 * <p>Invariants an implementation enforces: an engagement change and its history event are written
 * together, and only for messages whose engagement actually changes; a message's events keep the
 * order they were written in; a feed page and its counts read one consistent state.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface MessageStore {
    /**
     * Looks up one message.
     *
     * @param id the message id
     * @return the message, or empty if there is none (or it was purged)
     */
    Optional<Message> findMessage(String id);

    /**
     * The messages that exist among {@code ids}, keyed by id.
     *
     * @param ids the message ids
     * @return the existing messages keyed by id
     */
    Map<String, Message> findMessages(Collection<String> ids);

    /**
     * A message's status history, oldest first.
     *
     * @param messageId the message
     * @return its events, empty if it has none or does not exist
     */
    List<MessageEvent> messageEvents(String messageId);

    /**
     * Messages of one run, oldest first.
     *
     * @param runId the run
     * @return its messages, empty if none
     */
    List<Message> messagesOfRun(String runId);

    /**
     * Messages across recipients and runs, newest first: those {@link MessageQuery#matches} accepts,
     * ordered by message id descending, at most {@link MessageQuery#limit()}. What an operator's
     * console lists (undelivered messages); an implementation answers it without reading every
     * message when a status or channel filter is given (the JDBC store has an index for each).
     *
     * @param query the filters, the cursor (ids below {@link MessageQuery#before()}) and the page size
     * @return the page, empty past the last message
     */
    List<Message> listMessages(MessageQuery query);

    /**
     * One page of a feed, newest first, with counts; see {@link FeedQuery}. The page lists messages
     * with ids below {@link FeedQuery#afterMessageId()}, and its next cursor, if there are more, is
     * {@link FeedQuery#cursorAfter(String)} of its last message.
     *
     * @param query the recipient, channel, filters, page size and cursor
     * @return the page with its counts and the cursor of the next page
     */
    FeedPage feed(FeedQuery query);

    /**
     * Sets engagement {@code engagement} at {@code at} (or clears it when {@code at} is null) on the
     * given messages, the way {@link Message#withEngagement} does, recording one history event per
     * changed message. Returns the messages that changed, as stored after the change.
     *
     * @param messageIds the messages; unknown ids are ignored
     * @param engagement which engagement to set or clear (seen, read, archived…)
     * @param at when it happened, or null to clear it
     * @param now the time recorded on the history events
     * @return the messages that changed; those already in the requested state are left out
     */
    List<Message> updateEngagement(Collection<String> messageIds, Engagement engagement, Instant at, Instant now);

    /**
     * Like {@link #updateEngagement} for every message matching {@code query} (ignoring its page
     * size and cursor). Returns how many changed.
     *
     * @param query selects the messages; its page size and cursor are ignored
     * @param engagement which engagement to set or clear
     * @param at when it happened, or null to clear it
     * @param now the time recorded on the history events
     * @return how many messages changed
     */
    int updateEngagementWhere(FeedQuery query, Engagement engagement, Instant at, Instant now);
}
