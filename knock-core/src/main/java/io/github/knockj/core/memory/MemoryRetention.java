package io.github.knockj.core.memory;

import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.PurgeRequest;
import io.github.knockj.core.spi.PurgeResult;
import io.github.knockj.core.spi.RetentionKind;
import io.github.knockj.core.spi.RetentionStore;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@link RetentionStore} of {@link InMemoryStore}: one bounded delete per {@link RetentionKind} of a
 * {@link PurgeRequest}, all in one step under {@link MemoryState#lock}.
 *
 * <p>Invariants: nothing live is deleted, whatever the cutoff (only terminal runs, final messages,
 * idempotency records expired before the cutoff, cancellations and throttle refusals); at most the kind's limit is
 * deleted per call; the trigger and feed indexes lose the purged runs and messages in the same step.
 */
final class MemoryRetention implements RetentionStore {
    private final MemoryState state;
    private final MemoryThrottles throttles;

    MemoryRetention(MemoryState state, MemoryThrottles throttles) {
        this.state = state;
        this.throttles = throttles;
    }

    @Override
    public PurgeResult purge(PurgeRequest request) {
        state.lock.lock();
        try {
            Map<RetentionKind, Integer> deleted = new EnumMap<>(RetentionKind.class);
            request.kinds().forEach((kind, bound) -> deleted.put(kind, bound.limit() == 0 ? 0 : switch (kind) {
                case RUNS -> purgeRuns(bound.before(), bound.limit());
                case MESSAGES -> purgeMessages(bound.before(), bound.limit());
                case IDEMPOTENCY_RECORDS -> purgeIdempotency(bound.before(), bound.limit());
                case CANCELLATIONS -> purgeCancellations(bound.before(), bound.limit());
                case THROTTLE_REFUSALS -> throttles.purgeRefusals(bound.before(), bound.limit());
            }));
            return new PurgeResult(deleted);
        } finally {
            state.lock.unlock();
        }
    }

    private int purgeRuns(Instant cutoff, int limit) {
        Map<String, Set<String>> purgedByTrigger = new HashMap<>();
        int n = removeOld(state.runs.values().iterator(), e -> e.run.status().isTerminal() && e.run.updatedAt().isBefore(cutoff), limit,
                e -> purgedByTrigger.computeIfAbsent(e.run.triggerId(), k -> new HashSet<>()).add(e.run.id()));
        purgedByTrigger.forEach((triggerId, ids) -> {
            TriggerRuns t = state.runsByTrigger.get(triggerId);
            if (t != null && t.ids.removeIf(ids::contains) && t.ids.isEmpty()) state.runsByTrigger.remove(triggerId);
        });
        return n;
    }

    private int purgeMessages(Instant cutoff, int limit) {
        Map<String, Set<MessageEntry>> purgedByUser = new HashMap<>();
        int n = removeOld(state.messages.values().iterator(), e -> e.message.createdAt().isBefore(cutoff) && e.message.status().isFinal(), limit, e -> {
            if (e.message.recipient().isUser()) purgedByUser.computeIfAbsent(e.message.recipient().id(), k -> new HashSet<>()).add(e);
        });
        purgedByUser.forEach((userId, purged) -> {
            UserMessages feed = state.feeds.get(userId);
            if (feed != null && feed.entries.removeIf(purged::contains) && feed.entries.isEmpty()) state.feeds.remove(userId);
        });
        return n;
    }

    private int purgeIdempotency(Instant cutoff, int limit) {
        return removeOld(state.idempotency.values().iterator(), r -> r.expiresAt().isBefore(cutoff), limit, r -> { });
    }

    private int purgeCancellations(Instant cutoff, int limit) {
        int n = 0;
        for (List<Cancellation> l : state.cancellations.values()) {
            if (n >= limit) break;
            n += removeOld(l.iterator(), c -> c.at().isBefore(cutoff), limit - n, c -> { });
        }
        return n;
    }

    /** Removes the elements that are {@code old}, at most {@code limit}, telling {@code removed} of each; returns how many. */
    static <T> int removeOld(Iterator<T> it, Predicate<T> old, int limit, Consumer<T> removed) {
        int n = 0;
        while (n < limit && it.hasNext()) {
            T e = it.next();
            if (old.test(e)) {
                it.remove();
                removed.accept(e);
                n++;
            }
        }
        return n;
    }
}
