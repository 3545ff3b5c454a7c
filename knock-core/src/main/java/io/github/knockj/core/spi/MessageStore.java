package io.github.knockj.core.spi;

import io.github.knockj.core.FeedPage;
import io.github.knockj.core.FeedQuery;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.MessageQuery;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's role for messages: each message with its delivery state and engagement, its status
 * history (message events), and the feeds that page a user's messages newest first with counts.
 * Messages and delivery updates are written by {@link ChangeSetStore#commit}; engagement here.
 *
 * <p>The rules are core's: which timestamps an engagement action sets or clears and the type of its
 * event come in an {@link EngagementChange}; which messages a feed holds is {@link
 * FeedQuery#matches}, which a store translates to its own query ({@code FeedContractTest} pins
 * every filter combination). A delivery update ({@link DeliveryUpdate}) writes exactly the status,
 * attempts and {@code updatedAt} core gives (a guarded one only while the message is in its expected
 * status); its history event comes separately in the change set.
 *
 * <p>Invariants an implementation enforces: an engagement change and its history events are written
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
     * Applies {@code change} to the given messages that it {@link EngagementChange#changes changes},
     * and records {@link EngagementChange#eventFor its event} for exactly those, in one transaction:
     * each of {@link EngagementChange#sets()} set to {@link EngagementChange#at()} where unset,
     * {@link EngagementChange#clears()} cleared, {@code updatedAt} set to {@link EngagementChange#now()}.
     * Which columns change and the event's type are the change's; the store decides nothing. A SQL
     * store can do it as one guarded {@code UPDATE … WHERE <changes> RETURNING …} and one multi-row
     * insert of the events.
     *
     * @param messageIds the messages; unknown ids and repeats are ignored
     * @param change what to set or clear, when, and the event to record
     * @return the messages that changed, as stored after the change, in the order of {@code messageIds};
     *     those the change leaves as they are are left out
     */
    List<Message> updateEngagement(Collection<String> messageIds, EngagementChange change);

    /**
     * Like {@link #updateEngagement} for every message matching {@code query} (its filters as
     * {@link FeedQuery#matches}; its page size and cursor are ignored). Returns how many changed.
     *
     * @param query selects the messages; its page size and cursor are ignored
     * @param change what to set or clear, when, and the event to record
     * @return how many messages changed
     */
    int updateEngagementWhere(FeedQuery query, EngagementChange change);
}
