package io.github.knockj.core.memory;

import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.ChangeSetStore;
import io.github.knockj.core.spi.CommitResult;
import io.github.knockj.core.spi.DeliveryUpdate;
import io.github.knockj.core.spi.IdempotencyKeyTakenException;
import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.LeaseLostException;
import io.github.knockj.core.spi.RunChanges;
import io.github.knockj.core.spi.ScheduleChanges;
import io.github.knockj.core.spi.ScheduleRecord;
import io.github.knockj.core.spi.TriggerRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@link ChangeSetStore} of {@link InMemoryStore}: {@link #commit}, the one write across aggregates
 * (idempotency records, triggers, runs with their logs, messages, events and jobs, schedules,
 * delivery outcomes, completed and rescheduled jobs).
 *
 * <p>Invariants: all or nothing, under {@link MemoryState#lock}: every check (the completed and
 * rescheduled jobs are still leased by the committing owner, else {@link LeaseLostException}; no
 * idempotency key is held by another record, else {@link IdempotencyKeyTakenException}) is made
 * before anything is written. A run is written only if new and not stored, or stored at the version
 * before the one written (else it is reported skipped, with its messages, events and jobs); a firing
 * schedule only while stored unchanged. A guarded delivery update applies only while its message is
 * in the expected status (else only a higher attempt count is kept, and the message is reported).
 */
final class MemoryCommits implements ChangeSetStore {
    private final MemoryState state;

    MemoryCommits(MemoryState state) {
        this.state = state;
    }

    @Override
    public CommitResult commit(ChangeSet changes) {
        MemoryState s = state;
        s.lock.lock();
        try {
            for (String id : changes.completedJobs()) requireLease(id, changes.owner());
            for (ChangeSet.Reschedule r : changes.rescheduledJobs()) requireLease(r.jobId(), changes.owner());
            Map<String, IdempotencyRecord> claimed = new HashMap<>();
            for (IdempotencyRecord r : changes.idempotencyRecords()) {
                IdempotencyRecord existing = claimed.putIfAbsent(r.key(), r);
                if (existing == null) existing = s.idempotency.get(r.key());
                if (existing != null && existing.holdsKeyAt(r.createdAt())) {
                    throw new IdempotencyKeyTakenException(existing);
                }
            }
            for (IdempotencyRecord r : changes.idempotencyRecords()) s.idempotency.put(r.key(), r);

            for (TriggerRecord t : changes.triggers()) s.triggers.put(t.id(), t);
            Set<String> skipped = null;
            for (RunChanges rc : changes.runs()) {
                if (!applyRun(rc)) {
                    if (skipped == null) skipped = new HashSet<>();
                    skipped.add(rc.run().id());
                }
            }
            for (ScheduleChanges sc : changes.schedules()) {
                ScheduleRecord stored = s.schedules.get(sc.schedule().id());
                if (stored == null || !stored.updatedAt().equals(sc.expectedUpdatedAt())) continue;
                s.schedules.put(sc.schedule().id(), sc.schedule());
                for (TriggerRecord t : sc.triggers()) s.triggers.put(t.id(), t);
                for (Job j : sc.jobs()) s.putJob(j);
            }
            Set<String> skippedDeliveries = null;
            for (DeliveryUpdate d : changes.deliveries()) {
                MessageEntry e = s.messages.get(d.messageId());
                if (e == null) continue;
                Message m = e.message;
                if (d.appliesTo(m.status())) {
                    e.message = m.withDelivery(d.status(), d.attempts(), d.at());
                    for (Job j : d.jobsIfApplied()) s.putJob(j);
                } else {
                    if (m.attempts() < d.attempts()) e.message = m.withDelivery(m.status(), d.attempts(), m.updatedAt());
                    if (skippedDeliveries == null) skippedDeliveries = new HashSet<>();
                    skippedDeliveries.add(d.messageId());
                }
            }
            for (MessageEvent e : changes.events()) s.addEvent(e);
            for (Job j : changes.jobs()) s.putJob(j);
            for (String id : changes.completedJobs()) s.removeJob(id);
            for (ChangeSet.Reschedule r : changes.rescheduledJobs()) {
                Job j = s.removeJob(r.jobId());
                s.putJob(j.rescheduled(r.dueAt(), r.attempts()));
            }
            return CommitResult.of(skipped, skippedDeliveries);
        } finally {
            s.lock.unlock();
        }
    }

    private void requireLease(String jobId, String owner) {
        Job j = state.jobs.get(jobId);
        if (j == null || j.owner() == null || !j.owner().equals(owner)) {
            throw new LeaseLostException("job " + jobId + " is no longer leased by " + owner);
        }
    }

    /** Applies one run's changes, or nothing if the run is not at the version the change expects; lock held. */
    private boolean applyRun(RunChanges rc) {
        MemoryState s = state;
        WorkflowRun run = rc.run();
        RunEntry entry;
        if (rc.isNew()) {
            entry = new RunEntry(run);
            if (s.runs.putIfAbsent(run.id(), entry) != null) return false;
            s.runsByTrigger.computeIfAbsent(run.triggerId(), k -> new TriggerRuns()).add(run.id());
            if (run.cancellationKey() != null) {
                s.runsByCancellationKey.computeIfAbsent(MemoryState.cancellationKey(run.workflowKey(), run.cancellationKey()),
                        k -> new HashSet<>()).add(run.id());
            }
        } else {
            entry = s.runs.get(run.id());
            if (entry == null || entry.run.version() != run.version() - 1) return false;
        }
        entry.run = run;
        for (TriggerRecord t : rc.triggers()) s.triggers.putIfAbsent(t.id(), t);
        for (Message m : rc.messages()) {
            s.putMessage(m);
            entry.addMessageId(m.id());
        }
        for (MessageEvent e : rc.events()) s.addEvent(e);
        for (Job j : rc.jobs()) s.putJob(j);
        entry.addLog(rc.log());
        return true;
    }
}
