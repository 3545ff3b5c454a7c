package io.github.knockj.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Drives Notifiers in unit tests without threads or sleeps: a settable clock, and "run everything
 * due now" on the calling thread. A Notifier built with a kit renders templates strictly unless
 * told otherwise ({@link Notifier.Builder#strictTemplates}): an undefined variable fails the run.
 *
 * <pre>{@code
 * TestKit kit = TestKit.create();
 * Notifier notifier = Notifier.builder().testKit(kit)...build();
 * notifier.trigger("digest").recipients("u1").send();
 * kit.runDue();                          // the trigger's runs start
 * kit.advance(Duration.ofMinutes(10));   // the batch window closes; the digest goes out
 * }</pre>
 */
public final class TestKit {
    private final SettableClock clock;
    private final List<Notifier> notifiers = new CopyOnWriteArrayList<>();

    private TestKit(SettableClock clock) {
        this.clock = clock;
    }

    /**
     * A kit whose clock starts at 2026-01-05T09:00:00Z (a Monday).
     *
     * @return a new kit
     */
    public static TestKit create() {
        return new TestKit(SettableClock.create());
    }

    /**
     * A kit whose clock starts at {@code start}.
     *
     * @param start the clock's first instant
     * @return a new kit
     */
    public static TestKit startingAt(Instant start) {
        return new TestKit(SettableClock.at(start));
    }

    /** {@return the kit's clock; set or advance it to move time for every Notifier of the kit} */
    public SettableClock clock() {
        return clock;
    }

    /** {@return the kit clock's current instant} */
    public Instant now() {
        return clock.instant();
    }

    void attach(Notifier n) {
        notifiers.add(n);
    }

    /**
     * Runs every job due now on every Notifier of this kit, until none is due. Returns how many ran.
     *
     * @return how many jobs ran
     */
    public int runDue() {
        int total = 0;
        boolean ranSome;
        do {
            ranSome = false;
            for (Notifier n : notifiers) {
                int ran = n.scheduler().runDue();
                total += ran;
                ranSome |= ran > 0;
            }
        } while (ranSome);
        return total;
    }

    /**
     * For Notifiers running their own worker threads (built with {@code .clock(kit.clock())} rather
     * than {@code .testKit(kit)}): waits until nothing is due or in flight.
     *
     * @param notifier a Notifier running its own workers
     * @param timeout how long to wait at most
     * @throws AssertionError if work is still going on after {@code timeout}
     */
    public static void awaitIdle(Notifier notifier, Duration timeout) {
        try {
            if (!notifier.scheduler().awaitIdle(timeout)) throw new AssertionError("notifier still busy after " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    /**
     * Moves the clock forward by {@code d} in steps, running what comes due at each job's due time
     * (so a delay ending at minute 3 runs at minute 3, before a window closing at minute 5). A job
     * leased and never finished (its commit failed) comes due again when its lease ends.
     *
     * @throws IllegalStateException if a store reports a job due at or before the clock's time but
     *     hands none out when claimed (its {@code nextDueAt} and {@code claimJobs} disagree), rather
     *     than waiting there forever
     * @param d how far to move the clock
     * @return how many jobs ran
     */
    public int advance(Duration d) {
        Instant target = clock.instant().plus(d);
        int total = runDue();
        while (true) {
            Instant next = null;
            Notifier reporter = null;
            for (Notifier n : notifiers) {
                Instant due = n.store().nextDueAt(clock.instant()).orElse(null);
                if (due != null && (next == null || due.isBefore(next))) {
                    next = due;
                    reporter = n;
                }
            }
            if (next == null || next.isAfter(target)) break;
            boolean moved = next.isAfter(clock.instant());
            if (moved) clock.set(next);
            int ran = runDue();
            if (!moved && ran == 0) {
                throw new IllegalStateException("store " + reporter.store().getClass().getName() + " reports a job due at " + next
                        + " but claims none at " + clock.instant() + ": its nextDueAt and claimJobs disagree");
            }
            total += ran;
        }
        if (target.isAfter(clock.instant())) clock.set(target);
        return total + runDue();
    }
}
