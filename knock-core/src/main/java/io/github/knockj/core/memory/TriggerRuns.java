package io.github.knockj.core.memory;

import java.util.ArrayList;
import java.util.List;

/** The ids of a trigger's runs, sorted when read. Guarded by {@link MemoryState}'s lock. */
final class TriggerRuns {
    final ArrayList<String> ids = new ArrayList<>();
    private boolean sorted = true;

    void add(String id) {
        if (sorted && !ids.isEmpty() && ids.get(ids.size() - 1).compareTo(id) > 0) sorted = false;
        ids.add(id);
    }

    List<String> sorted() {
        if (!sorted) {
            ids.sort(null);
            sorted = true;
        }
        return ids;
    }
}
