package io.github.knockj.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when told, for tests of delays and windows that must run instantly and
 * deterministically. Thread-safe. A Notifier built on it wakes its workers whenever it moves.
 */
public final class SettableClock extends Clock {
    private volatile Instant now;
    private final List<Runnable> onChange = new CopyOnWriteArrayList<>();

    private SettableClock(Instant start) {
        this.now = start;
    }

    /**
     * A clock in UTC standing at {@code start}.
     *
     * @param start the first instant
     * @return a new clock
     */
    public static SettableClock at(Instant start) {
        return new SettableClock(start);
    }

    /**
     * A clock at 2026-01-05T09:00:00Z, a Monday morning.
     *
     * @return a new clock
     */
    public static SettableClock create() {
        return at(Instant.parse("2026-01-05T09:00:00Z"));
    }

    /**
     * Moves the clock forward by {@code d}.
     *
     * @param d how far to move; must not be negative
     */
    public void advance(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("a clock only moves forward, was " + d);
        synchronized (this) {
            now = now.plus(d);
        }
        onChange.forEach(Runnable::run);
    }

    /**
     * Sets the time; it may not move backwards.
     *
     * @param t the new time, not before the current one
     */
    public void set(Instant t) {
        synchronized (this) {
            if (t.isBefore(now)) throw new IllegalArgumentException("a clock only moves forward: " + t + " is before " + now);
            now = t;
        }
        onChange.forEach(Runnable::run);
    }

    /**
     * Runs {@code r} after every move (used by Notifiers to wake their workers).
     *
     * @param r the callback, run on the thread that moved the clock
     */
    public void onChange(Runnable r) {
        onChange.add(r);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a SettableClock is always UTC");
    }
}
