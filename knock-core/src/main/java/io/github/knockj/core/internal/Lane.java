package io.github.knockj.core.internal;

import io.github.knockj.core.spi.Job;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Jobs waiting for the threads of one pool. At most {@code drainers} tasks drain it, each taking up
 * to {@code chunk} jobs at a time, as many as are waiting: a lone job runs at once, and under load
 * the jobs that piled up behind a running chunk go together in the next one (one commit for many).
 */
final class Lane {
    private final ConcurrentLinkedQueue<Job> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final ExecutorService pool;
    private final int drainers;
    private final int chunk;
    private final Consumer<List<Job>> execute;

    /** {@code execute} runs one chunk and must never throw. */
    Lane(ExecutorService pool, int drainers, int chunk, Consumer<List<Job>> execute) {
        this.pool = pool;
        this.drainers = drainers;
        this.chunk = chunk;
        this.execute = execute;
    }

    void add(Collection<Job> jobs) {
        waiting.addAll(jobs);
        startDrainers();
    }

    int waiting() {
        return waiting.size();
    }

    private void startDrainers() {
        while (!waiting.isEmpty()) {
            int n = running.get();
            if (n >= drainers) return;
            if (!running.compareAndSet(n, n + 1)) continue;
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                running.decrementAndGet(); // closing: what waits stays leased until the leases run out
                return;
            }
        }
    }

    private void drain() {
        try {
            while (true) {
                List<Job> part = new ArrayList<>(Math.min(chunk, 64));
                Job j;
                while (part.size() < chunk && (j = waiting.poll()) != null) part.add(j);
                if (part.isEmpty()) return;
                execute.accept(part);
            }
        } finally {
            running.decrementAndGet();
            startDrainers(); // a job may have come between the last poll and the decrement
        }
    }
}
