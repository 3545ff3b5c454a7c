package io.github.knockj.core.memory;

import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link JobQueue} of {@link InMemoryStore}: claiming due jobs under a lease, renewing and confirming
 * leases, the next due time. Jobs are written by {@link MemoryCommits}, {@link MemoryBatches} and
 * {@link MemorySchedules}, through {@link MemoryState#putJob}.
 *
 * <p>Invariants, under {@link MemoryState#lock}: one claim per job (a claimed job moves from the
 * unleased to the leased index in the same step); jobs whose lease expired are claimed first (marked
 * recovered), or released if not yet due; a lease is renewed only by its owner.
 */
final class MemoryJobs implements JobQueue {
    private final ReentrantLock lock;
    private final Map<String, Job> jobs;
    private final TreeSet<Job> unleased;
    private final TreeSet<Job> leased;

    MemoryJobs(MemoryState state) {
        this.lock = state.lock;
        this.jobs = state.jobs;
        this.unleased = state.unleased;
        this.leased = state.leased;
    }

    @Override
    public List<Job> claimJobs(String owner, Instant now, Instant leaseUntil, int limit) {
        lock.lock();
        try {
            List<Job> out = new ArrayList<>(Math.min(limit, 256));
            // expired leases first: their workers are gone
            while (out.size() < limit && !leased.isEmpty() && !leased.first().leaseUntil().isAfter(now)) {
                Job j = leased.pollFirst();
                if (j.dueAt().isAfter(now)) {
                    jobs.put(j.id(), j.rescheduled(j.dueAt(), j.attempts()));
                    unleased.add(jobs.get(j.id()));
                    continue;
                }
                Job claimed = j.leasedTo(owner, leaseUntil);
                jobs.put(j.id(), claimed);
                leased.add(claimed);
                out.add(claimed.asRecovered());
            }
            while (out.size() < limit && !unleased.isEmpty() && !unleased.first().dueAt().isAfter(now)) {
                Job j = unleased.pollFirst();
                Job claimed = j.leasedTo(owner, leaseUntil);
                jobs.put(j.id(), claimed);
                leased.add(claimed);
                out.add(claimed);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int renewLeases(String owner, Collection<String> jobIds, Instant leaseUntil) {
        return confirmLeases(owner, jobIds, leaseUntil).size();
    }

    @Override
    public Set<String> confirmLeases(String owner, Collection<String> jobIds, Instant leaseUntil) {
        lock.lock();
        try {
            Set<String> held = new HashSet<>();
            for (String id : jobIds) {
                Job j = jobs.get(id);
                if (j != null && owner.equals(j.owner())) {
                    leased.remove(j);
                    Job renewed = j.leasedTo(owner, leaseUntil);
                    jobs.put(id, renewed);
                    leased.add(renewed);
                    held.add(id);
                }
            }
            return held;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Instant> nextDueAt(Instant now) {
        lock.lock();
        try {
            Instant next = unleased.isEmpty() ? null : unleased.first().dueAt();
            // a leased job is free at its lease end, or at its due time if that is later
            for (Job l : leased) {
                if (next != null && !l.leaseUntil().isBefore(next)) break;
                Instant free = l.leaseUntil().isAfter(l.dueAt()) ? l.leaseUntil() : l.dueAt();
                if (next == null || free.isBefore(next)) next = free;
            }
            return Optional.ofNullable(next);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long countJobs() {
        lock.lock();
        try {
            return jobs.size();
        } finally {
            lock.unlock();
        }
    }
}
