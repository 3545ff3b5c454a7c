package io.github.knockj.core.memory;

import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import java.util.Arrays;
import java.util.List;

/**
 * A message as {@link MemoryState} keeps it: the message (read lock-free) and its status history
 * (guarded by the state's lock). One per message: a fan-out keeps millions, so the history is an
 * array of exactly its events (a message has a handful) rather than a list with room to grow.
 */
final class MessageEntry {
    private static final MessageEvent[] NONE = new MessageEvent[0];

    volatile Message message;
    private MessageEvent[] events = NONE;

    MessageEntry(Message message) {
        this.message = message;
    }

    /** Appends an event. Lock held. */
    void addEvent(MessageEvent e) {
        MessageEvent[] next = Arrays.copyOf(events, events.length + 1);
        next[events.length] = e;
        events = next;
    }

    /** The history, oldest first, as an immutable copy. Lock held. */
    List<MessageEvent> events() {
        return List.of(events);
    }
}
