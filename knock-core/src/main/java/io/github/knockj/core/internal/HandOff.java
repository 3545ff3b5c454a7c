package io.github.knockj.core.internal;

import io.github.knockj.core.spi.Job;
import java.util.List;

/**
 * Where the engine hands jobs it has just created, due now, so that they run on this node at once
 * instead of waiting for the poller to claim them. The engine leases such jobs to this node in the
 * same commit that creates them, but only after {@link #reserve reserving} room among the jobs in
 * flight: a job leased in advance is never left waiting behind a full node. In manual mode nothing
 * is reserved and every job waits to be claimed.
 */
interface HandOff {
    /** Takes room for {@code n} jobs among those in flight; false if there is not enough (or no workers). */
    boolean reserve(int n);

    /** Gives back room reserved for jobs that will not be handed over (their commit failed or skipped them). */
    void release(int n);

    /** Runs jobs leased to this node whose room was reserved. */
    void run(List<Job> jobs);

    /** No workers: nothing is handed over. */
    HandOff NONE = new HandOff() {
        @Override public boolean reserve(int n) { return false; }
        @Override public void release(int n) {}
        @Override public void run(List<Job> jobs) {}
    };
}
