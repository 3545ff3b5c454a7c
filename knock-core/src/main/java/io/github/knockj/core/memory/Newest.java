package io.github.knockj.core.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * The {@code limit} items with the greatest ids of those added, in a heap of at most
 * {@code limit + 1}: how {@code listRuns} and {@code listMessages} keep the newest matches of a scan.
 */
final class Newest<T> {
    private final Comparator<T> byId;
    private final PriorityQueue<T> top;
    private final int limit;

    Newest(Function<T, String> id, int limit) {
        this.byId = Comparator.comparing(id);
        this.top = new PriorityQueue<>(limit + 1, byId);
        this.limit = limit;
    }

    void add(T t) {
        top.add(t);
        if (top.size() > limit) top.poll();
    }

    /** Greatest id first. */
    List<T> list() {
        List<T> out = new ArrayList<>(top);
        out.sort(byId.reversed());
        return out;
    }
}
