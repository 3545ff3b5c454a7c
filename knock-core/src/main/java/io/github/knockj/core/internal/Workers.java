package io.github.knockj.core.internal;

import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's workers as the job handlers see them: how to wake the poller, how to hand over jobs
 * created due now (leased ahead in the commit that creates them), and whether claimed jobs are still
 * this node's before a call that cannot be taken back.
 */
final class Workers {
    private static final Logger log = LoggerFactory.getLogger(Workers.class);

    private final Store store;
    private final Clock clock;
    private final EngineConfig config;
    private final HandOff handOff;
    private final Runnable wakeUp;

    Workers(Store store, Clock clock, EngineConfig config, HandOff handOff, Runnable wakeUp) {
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.handOff = handOff;
        this.wakeUp = wakeUp;
    }

    /** Tells the poller there is work due now. */
    void wakeUp() {
        wakeUp.run();
    }

    /**
     * Leases the new jobs in {@code lists} that are due now to this node, if the workers have room for
     * all of them, so that they can be handed over once committed. Returns the room reserved: 0 if
     * nothing was leased ahead.
     */
    int leaseAhead(List<List<Job>> lists, Instant now) {
        int due = 0;
        for (List<Job> l : lists) for (Job j : l) if (j.owner() == null && !j.dueAt().isAfter(now)) due++;
        if (due == 0 || !handOff.reserve(due)) return 0;
        Instant until = now.plus(config.leaseDuration());
        for (List<Job> l : lists) l.replaceAll(j -> j.owner() == null && !j.dueAt().isAfter(now) ? j.leasedTo(config.nodeId(), until) : j);
        return due;
    }

    /** Gives back room reserved by {@link #leaseAhead} when the commit failed. */
    void release(int reserved) {
        handOff.release(reserved);
    }

    /** After the commit: runs the jobs leased ahead that it wrote and gives back the room of the others. */
    void handOver(List<List<Job>> written, int reserved) {
        if (reserved == 0) return;
        List<Job> leased = new ArrayList<>();
        for (List<Job> l : written) for (Job j : l) if (j.owner() != null) leased.add(j);
        handOff.release(reserved - leased.size());
        if (!leased.isEmpty()) handOff.run(leased);
    }

    /**
     * The jobs among {@code jobs} that are still {@code owner}'s, asked right before a call that cannot
     * be taken back (a provider call, a webhook). A lease taken less than half a lease ago is ours for
     * certain (as long as the nodes' clocks agree to within half a lease); older ones, which may have
     * lapsed while this node stalled or its heartbeat failed, are confirmed with the store, and those
     * another node has taken are left to it.
     */
    List<Job> stillHeld(List<Job> jobs, String owner, String what) {
        Instant now = clock.instant();
        Instant safe = now.plus(config.leaseDuration().dividedBy(2));
        List<String> unsure = new ArrayList<>();
        for (Job j : jobs) if (j.leaseUntil() == null || j.leaseUntil().isBefore(safe)) unsure.add(j.id());
        if (unsure.isEmpty()) return jobs;
        Set<String> held = store.confirmLeases(owner, unsure, now.plus(config.leaseDuration()));
        if (held.size() == unsure.size()) return jobs;
        log.warn("{} of {} {} jobs are no longer leased by {}; leaving them to their new owner", unsure.size() - held.size(), jobs.size(), what, owner);
        Set<String> lost = new HashSet<>(unsure);
        lost.removeAll(held);
        return jobs.stream().filter(j -> !lost.contains(j.id())).toList();
    }
}
