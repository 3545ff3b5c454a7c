package io.github.knockj.core.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A user's feed index: the user's messages on all channels, appended once when created (not on every
 * status change) and sorted by id when read. Guarded by {@link MemoryState}'s lock.
 */
final class UserMessages {
    final ArrayList<MessageEntry> entries = new ArrayList<>(2);
    private boolean sorted = true;

    void add(MessageEntry e) {
        if (sorted && !entries.isEmpty() && entries.get(entries.size() - 1).message.id().compareTo(e.message.id()) > 0) sorted = false;
        entries.add(e);
    }

    List<MessageEntry> sorted() {
        if (!sorted) {
            entries.sort(Comparator.comparing(e -> e.message.id()));
            sorted = true;
        }
        return entries;
    }

    /** The index of the first message whose id is not below {@code id}. */
    int indexOf(String id) {
        List<MessageEntry> l = sorted();
        int lo = 0, hi = l.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (l.get(mid).message.id().compareTo(id) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
