package io.github.knockj.core.memory;

import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A message as {@link MemoryState} keeps it: the message (read lock-free) and its status history
 * (guarded by the state's lock).
 */
final class MessageEntry {
    volatile Message message;
    final List<MessageEvent> events = new ArrayList<>(3);

    MessageEntry(Message message) {
        this.message = message;
    }
}
