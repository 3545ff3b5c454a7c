package io.github.knockj.core.memory;

import io.github.knockj.core.FeedPage;
import io.github.knockj.core.FeedQuery;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.MessageQuery;
import io.github.knockj.core.spi.EngagementChange;
import io.github.knockj.core.spi.MessageStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link MessageStore} of {@link InMemoryStore}: messages (written by {@link MemoryCommits}), their
 * status histories, the messages of a run, lists across recipients, feeds and engagement.
 *
 * <p>Invariants: an engagement change and its event are applied together under
 * {@link MemoryState#lock}, and only to the messages {@link EngagementChange#changes} says it
 * changes; a feed page and its counts are read in one locked step. Single messages are read lock-free.
 */
final class MemoryMessages implements MessageStore {
    private final MemoryState state;

    MemoryMessages(MemoryState state) {
        this.state = state;
    }

    @Override
    public Optional<Message> findMessage(String id) {
        return Optional.ofNullable(state.message(id));
    }

    @Override
    public Map<String, Message> findMessages(Collection<String> ids) {
        Map<String, Message> out = new HashMap<>();
        for (String id : ids) {
            Message m = state.message(id);
            if (m != null) out.put(id, m);
        }
        return out;
    }

    @Override
    public List<MessageEvent> messageEvents(String messageId) {
        state.lock.lock();
        try {
            MessageEntry e = state.messages.get(messageId);
            return e == null ? List.of() : e.events();
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public List<Message> messagesOfRun(String runId) {
        state.lock.lock();
        try {
            List<Message> out = new ArrayList<>();
            RunEntry run = state.runs.get(runId);
            for (String id : run == null ? List.<String>of() : run.messageIds()) {
                Message m = state.message(id);
                if (m != null) out.add(m);
            }
            return out;
        } finally {
            state.lock.unlock();
        }
    }

    /** Reads every message, keeping the newest {@code limit} that match. */
    @Override
    public List<Message> listMessages(MessageQuery q) {
        Newest<Message> top = new Newest<>(Message::id, q.limit());
        for (MessageEntry e : state.messages.values()) if (q.matches(e.message)) top.add(e.message);
        return top.list();
    }

    @Override
    public FeedPage feed(FeedQuery q) {
        state.lock.lock();
        try {
            UserMessages feed = state.feeds.get(q.userId());
            if (feed == null) return new FeedPage(List.of(), null, 0, 0, 0);
            List<MessageEntry> entries = feed.sorted();
            FeedQuery countQuery = q.withStatus(FeedQuery.StatusFilter.ALL);
            long total = 0, unread = 0, unseen = 0;
            for (MessageEntry e : entries) {
                Message m = e.message;
                if (countQuery.matches(m)) {
                    total++;
                    if (m.readAt() == null) unread++;
                    if (m.seenAt() == null) unseen++;
                }
            }
            String after = q.afterMessageId();
            int newest = after == null ? entries.size() - 1 : feed.indexOf(after) - 1;
            List<Message> items = new ArrayList<>(q.pageSize());
            boolean more = false;
            for (int i = newest; i >= 0; i--) {
                Message m = entries.get(i).message;
                if (!q.matches(m)) continue;
                if (items.size() == q.pageSize()) {
                    more = true;
                    break;
                }
                items.add(m);
            }
            return new FeedPage(items, more ? FeedQuery.cursorAfter(items.get(items.size() - 1).id()) : null, total, unread, unseen);
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public List<Message> updateEngagement(Collection<String> messageIds, EngagementChange change) {
        state.lock.lock();
        try {
            List<Message> changed = new ArrayList<>();
            for (String id : messageIds) {
                Message m = state.message(id);
                if (m != null) engage(m, change, changed);
            }
            return changed;
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public int updateEngagementWhere(FeedQuery query, EngagementChange change) {
        state.lock.lock();
        try {
            UserMessages feed = state.feeds.get(query.userId());
            if (feed == null) return 0;
            List<Message> changed = new ArrayList<>();
            for (MessageEntry e : feed.sorted()) {
                if (query.matches(e.message)) engage(e.message, change, changed);
            }
            return changed.size();
        } finally {
            state.lock.unlock();
        }
    }

    /** Applies the change and its event if it changes the message. Lock held. */
    private void engage(Message m, EngagementChange change, List<Message> changed) {
        if (!change.changes(m)) return;
        Message next = change.applyTo(m);
        state.putMessage(next);
        state.addEvent(change.eventFor(m.id()));
        changed.add(next);
    }
}
