package io.github.knockj.core.internal;

import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due jobs from the store and runs them on worker threads: engine work (runs, fan-out,
 * batches) on one pool, deliveries on another, so that slow providers never hold up workflows.
 * One poller thread claims in batches while the pools have room, sleeps until the next job is due
 * (or the poll interval passes, to see other instances' work), and wakes at once when this instance
 * creates work due now. A heartbeat renews the leases of jobs in flight.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    /** Jobs per engine task: one commit each. */
    static final int WORK_CHUNK = 256;
    /** Messages per delivery task. */
    static final int DELIVERY_CHUNK = 100;

    private final Store store;
    private final ClaimedJobs runner;
    private final Runnable housekeeping;
    private final Clock clock;
    private final EngineConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<String> inFlightIds = ConcurrentHashMap.newKeySet();
    private volatile boolean woken;
    /**
     * The poller left due work unclaimed for want of room: finished jobs wake it. Otherwise they do
     * not, since everything this node creates due now is handed over or wakes it itself, and other
     * nodes' work is found at the next poll.
     */
    private volatile boolean roomWanted;
    private volatile boolean running;
    private Thread poller;
    private ExecutorService workPool;
    private ExecutorService deliveryPool;
    private Lane workLane;
    private Lane pageLane;
    private Lane deliveryLane;
    private ScheduledThreadPoolExecutor heartbeat;
    /** Retention housekeeping, on a thread of its own: a long purge must not hold up lease renewals. */
    private ScheduledThreadPoolExecutor housekeeper;

    private final HandOff handOff = new Direct();

    /** What the scheduler runs the jobs it claims with. */
    @FunctionalInterface
    interface ClaimedJobs {
        /** Executes a chunk of jobs leased by {@code owner} and commits the outcome. Never throws. */
        void execute(List<Job> jobs, String owner);
    }

    /**
     * A scheduler claiming jobs from {@code store} for {@code jobs} to execute, and running
     * {@code housekeeping} every {@link #HOUSEKEEPING_INTERVAL} if a retention is configured.
     */
    Scheduler(Store store, Clock clock, EngineConfig config, ClaimedJobs jobs, Runnable housekeeping) {
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.runner = jobs;
        this.housekeeping = housekeeping;
    }

    /** Where the engine hands jobs it created due now and leased to this node. */
    HandOff handOff() {
        return handOff;
    }

    /** Jobs this node created due now and leased to itself run at once, within the in-flight limit. */
    private final class Direct implements HandOff {
        @Override
        public boolean reserve(int n) {
            if (!running) return false;
            while (true) {
                int current = inFlight.get();
                if (current + n > config.maxInFlight()) return false;
                if (inFlight.compareAndSet(current, current + n)) return true;
            }
        }

        @Override
        public void release(int n) {
            if (n != 0 && inFlight.addAndGet(-n) < config.maxInFlight() && roomWanted) wake();
        }

        @Override
        public void run(List<Job> jobs) {
            route(jobs);
        }
    }

    /** Starts the poller, the pools and the heartbeat (not in manual mode). */
    public void start() {
        if (config.manual()) return;
        running = true;
        workPool = Executors.newFixedThreadPool(config.workerThreads(), named("knock-worker"));
        deliveryPool = Executors.newFixedThreadPool(config.deliveryThreads(), named("knock-delivery"));
        workLane = new Lane(workPool, config.workerThreads(), WORK_CHUNK, this::executeChunk);
        pageLane = new Lane(workPool, config.workerThreads(), 1, this::executeChunk);
        deliveryLane = new Lane(deliveryPool, config.deliveryThreads(), DELIVERY_CHUNK, this::executeChunk);
        heartbeat = singleThreadScheduler("knock-heartbeat");
        long beat = Math.max(100, config.leaseDuration().toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renewLeases, beat, beat, TimeUnit.MILLISECONDS);
        if (config.retention() != null) {
            housekeeper = singleThreadScheduler("knock-housekeeping");
            housekeeper.scheduleWithFixedDelay(this::housekeeping, HOUSEKEEPING_INTERVAL.toMillis(), HOUSEKEEPING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        poller = named("knock-poller").newThread(this::pollLoop);
        poller.start();
    }

    /** A scheduler whose shutdown drops the tasks not started yet, so that close() need not interrupt one running. */
    private static ScheduledThreadPoolExecutor singleThreadScheduler(String name) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, named(name));
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return scheduler;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Work is due now: claim without waiting for the poll interval. */
    public void wake() {
        woken = true;
        if (lock.tryLock()) {
            try {
                signal.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void pollLoop() {
        while (running) {
            try {
                int room = config.maxInFlight() - inFlight.get();
                int claimed = 0;
                // claim once a quarter of a batch has room: waiting for a whole chunk's room (or for
                // nothing to be in flight, when maxInFlight is small) made claiming stop and go
                if (room >= Math.max(1, Math.min(config.claimBatchSize(), config.maxInFlight()) / 4)) {
                    int limit = Math.min(room, config.claimBatchSize());
                    claimed = claimAndDispatch(limit);
                    roomWanted = claimed == limit; // a full claim: more may be due
                } else {
                    roomWanted = true;
                }
                if (claimed == 0 || inFlight.get() >= config.maxInFlight()) {
                    awaitWork(claimed == 0);
                }
            } catch (RuntimeException e) {
                if (!running) return; // closing: whatever failed is claimed again by the next start
                log.error("claiming jobs failed; backing off", e);
                pause(Math.min(5_000, config.pollInterval().toMillis() * 4));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void awaitWork(boolean idle) throws InterruptedException {
        long waitMillis = config.pollInterval().toMillis();
        if (idle) {
            Instant now = clock.instant();
            Instant next = store.nextDueAt(now).orElse(null);
            if (next != null) waitMillis = Math.max(1, Math.min(waitMillis, Duration.between(now, next).toMillis()));
        } else {
            waitMillis = Math.min(waitMillis, 10); // pools are full: look again soon
        }
        lock.lock();
        try {
            if (!woken && running) signal.await(waitMillis, TimeUnit.MILLISECONDS);
            woken = false;
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code millis}, or less if the scheduler is closed meanwhile. */
    private void pause(long millis) {
        lock.lock();
        try {
            if (running) signal.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the next wait in the loop returns
        } finally {
            lock.unlock();
        }
    }

    private int claimAndDispatch(int limit) {
        Instant now = clock.instant();
        woken = false;
        List<Job> jobs = store.claimJobs(config.nodeId(), now, now.plus(config.leaseDuration()), limit);
        if (jobs.isEmpty()) return 0;
        List<Job> fresh = new ArrayList<>(jobs.size());
        for (Job j : jobs) {
            if (inFlightIds.contains(j.id())) {
                // our own lease on it ran out while it still runs here: the running execution finishes it
                log.warn("job {} came back while still running on this node; lease {} may be too short", j.id(), config.leaseDuration());
                continue;
            }
            fresh.add(j);
        }
        inFlight.addAndGet(fresh.size());
        route(fresh);
        return jobs.size();
    }

    /**
     * Runs jobs whose room among those in flight is already counted: deliveries on the delivery pool;
     * fan-out jobs (each a page of recipients) one at a time, so that the pages of one object spread
     * over all workers; other engine work in chunks.
     */
    private void route(List<Job> jobs) {
        List<Job> work = new ArrayList<>();
        List<Job> pages = new ArrayList<>();
        List<Job> deliveries = new ArrayList<>();
        for (Job j : jobs) {
            inFlightIds.add(j.id());
            if (j.kind() == JobKind.DELIVER || j.kind() == JobKind.EVENT) deliveries.add(j);
            else if (j.kind() == JobKind.FANOUT) pages.add(j);
            else work.add(j);
        }
        if (!work.isEmpty()) workLane.add(work);
        if (!pages.isEmpty()) pageLane.add(pages);
        if (!deliveries.isEmpty()) deliveryLane.add(deliveries);
    }

    private void executeChunk(List<Job> part) {
        try {
            runner.execute(part, config.nodeId());
        } finally {
            done(part);
        }
    }

    private void done(List<Job> part) {
        for (Job j : part) inFlightIds.remove(j.id());
        inFlight.addAndGet(-part.size());
        if (roomWanted) wake();
    }

    /** How often the retention housekeeping runs in automatic mode. */
    static final Duration HOUSEKEEPING_INTERVAL = Duration.ofMinutes(5);

    private void housekeeping() {
        try {
            housekeeping.run();
        } catch (RuntimeException e) {
            log.warn("housekeeping failed; will try again", e);
        }
    }

    private void renewLeases() {
        if (inFlightIds.isEmpty()) return;
        try {
            store.renewLeases(config.nodeId(), List.copyOf(inFlightIds), clock.instant().plus(config.leaseDuration()));
        } catch (RuntimeException e) {
            log.warn("renewing leases failed", e);
        }
    }

    /**
     * Manual mode: claims and executes every job due now on the calling thread, again and again,
     * until none is due. Returns how many jobs ran.
     */
    public int runDue() {
        int total = 0;
        for (int round = 0; round < 1_000_000; round++) {
            Instant now = clock.instant();
            List<Job> claimed = store.claimJobs(config.nodeId(), now, now.plus(config.leaseDuration()), config.claimBatchSize());
            if (claimed.isEmpty()) return total;
            for (int i = 0; i < claimed.size(); i += WORK_CHUNK) {
                runner.execute(claimed.subList(i, Math.min(claimed.size(), i + WORK_CHUNK)), config.nodeId());
            }
            total += claimed.size();
        }
        throw new IllegalStateException("jobs kept coming due for a million rounds: a workflow loops without pause");
    }

    /** Waits until no job is due or in flight (automatic mode); false on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            if (inFlight.get() == 0 && !hasDueWork(clock.instant())) {
                if (++quiet >= 3) return true;
            } else {
                quiet = 0;
                wake();
            }
            Thread.sleep(5);
        }
        return false;
    }

    private boolean hasDueWork(Instant now) {
        return store.nextDueAt(now).map(t -> !t.isAfter(now)).orElse(false);
    }

    /**
     * Stops the poller, the pools (letting chunks in flight finish) and then the heartbeat, which
     * renews the leases of those chunks until they are done. Threads that may be inside a store call
     * are not interrupted unless they overrun their grace time: an interrupt during file I/O makes
     * H2 close the database ({@code NotifierCloseTest}).
     */
    @Override
    public void close() {
        running = false;
        if (poller == null) return;
        wake();
        workPool.shutdown();
        deliveryPool.shutdown();
        if (housekeeper != null) housekeeper.shutdown();
        try {
            poller.join(5_000);
            if (poller.isAlive()) poller.interrupt();
            if (!workPool.awaitTermination(10, TimeUnit.SECONDS)) workPool.shutdownNow();
            if (!deliveryPool.awaitTermination(10, TimeUnit.SECONDS)) deliveryPool.shutdownNow();
            heartbeat.shutdown();
            if (!heartbeat.awaitTermination(5, TimeUnit.SECONDS)) heartbeat.shutdownNow();
            if (housekeeper != null && !housekeeper.awaitTermination(5, TimeUnit.SECONDS)) housekeeper.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
