package io.github.knockj.core.internal;

import io.github.knockj.core.Message;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.CommitResult;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.LeaseLostException;
import io.github.knockj.core.spi.RunChanges;
import io.github.knockj.core.spi.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a chunk of {@link JobHandler.InChunk} jobs as one {@link WorkChunk}: prefetches what they
 * read, hands each job to its handler (a job whose handler throws is retried after
 * {@link #JOB_RETRY_DELAY}, the others go on), joins the runs waiting at batch steps, commits
 * everything in one change set, hands the new jobs due now to this node's workers and announces the
 * runs and messages to the listeners.
 */
final class ChunkExecutor {
    private static final Logger log = LoggerFactory.getLogger(ChunkExecutor.class);
    /** How long a job whose handler failed waits before it is tried again. */
    static final Duration JOB_RETRY_DELAY = Duration.ofSeconds(5);

    private final Store store;
    private final Clock clock;
    private final Map<String, Workflow> workflows;
    private final Listeners listeners;
    private final RunAdvancer runs;
    private final Workers workers;
    /** Whether the chunk's runs are traced: then the triggers of its RUN jobs are prefetched too, for their trace contexts. */
    private final boolean traced;

    ChunkExecutor(Store store, Clock clock, Map<String, Workflow> workflows, Listeners listeners, RunAdvancer runs, Workers workers,
                  boolean traced) {
        this.traced = traced;
        this.store = store;
        this.clock = clock;
        this.workflows = workflows;
        this.listeners = listeners;
        this.runs = runs;
        this.workers = workers;
    }

    /** Executes {@code jobs}, leased by {@code owner}, each with its kind's handler in {@code handlers}. Never throws. */
    void execute(List<Job> jobs, Map<JobKind, JobHandler.InChunk> handlers, String owner) {
        ChangeSet cs = new ChangeSet(owner);
        Instant now = clock.instant();
        WorkChunk chunk = new WorkChunk(store, workflows, owner, now, traced);
        try {
            chunk.prefetch(jobs);
        } catch (RuntimeException e) {
            log.error("reading what {} jobs need failed; they will be retried when their leases expire", jobs.size(), e);
            return;
        }
        for (Job job : jobs) {
            ChangeSet local = new ChangeSet(owner);
            int joinsBefore = chunk.awaitingJoins.size();
            int flushesBefore = chunk.flushes.size();
            boolean ofTrigger = job.kind() == JobKind.TRIGGER || job.kind() == JobKind.FANOUT;
            try (Mdc ignored = Mdc.put(Mdc.JOB_ID, job.id(), Mdc.TRIGGER_ID, ofTrigger ? job.target() : null,
                    Mdc.RUN_ID, job.kind() == JobKind.RUN ? job.target() : null)) {
                handlers.get(job.kind()).handle(job, local, chunk);
            } catch (RuntimeException e) {
                log.error("job {} ({} {}) failed; retrying in {}", job.id(), job.kind(), job.target(), JOB_RETRY_DELAY, e);
                local = new ChangeSet(owner);
                local.rescheduledJobs().add(new ChangeSet.Reschedule(job.id(), now.plus(JOB_RETRY_DELAY), job.attempts() + 1));
                chunk.awaitingJoins.subList(joinsBefore, chunk.awaitingJoins.size()).clear(); // retried with the job
                chunk.flushes.subList(flushesBefore, chunk.flushes.size()).clear();
            }
            ChangeSets.merge(local, cs);
        }
        if (!chunk.awaitingJoins.isEmpty()) runs.joinBatches(chunk.awaitingJoins, cs, now);
        commit(cs, jobs.size(), now, chunk.flushes);
    }

    private void commit(ChangeSet cs, int chunkSize, Instant now, List<WorkChunk.Flush> flushes) {
        List<List<Job>> created = new ArrayList<>(cs.runs().size() + 1);
        created.add(cs.jobs());
        for (RunChanges rc : cs.runs()) created.add(rc.jobs());
        int ahead = workers.leaseAhead(created, now);
        CommitResult result;
        try {
            result = store.commit(cs);
        } catch (LeaseLostException e) {
            workers.release(ahead);
            log.warn("lost the lease on jobs; another worker has them: {}", e.getMessage());
            return;
        } catch (RuntimeException e) {
            workers.release(ahead);
            log.error("committing {} jobs failed; they will be retried when their leases expire", chunkSize, e);
            return;
        }
        List<List<Job>> written = new ArrayList<>(created.size());
        written.add(cs.jobs());
        for (RunChanges rc : cs.runs()) if (!result.skippedRuns().contains(rc.run().id())) written.add(rc.jobs());
        workers.handOver(written, ahead);
        boolean wake = false;
        for (List<Job> l : written) for (Job j : l) if (j.owner() == null && !j.dueAt().isAfter(now)) wake = true;
        if (wake) workers.wakeUp();
        if (!listeners.isEmpty()) {
            announce(cs, result);
            for (WorkChunk.Flush f : flushes) listeners.batchFlushed(f.workflowKey(), f.stepRef(), f.lag());
        }
    }

    private void announce(ChangeSet cs, CommitResult result) {
        for (RunChanges rc : cs.runs()) {
            if (result.skippedRuns().contains(rc.run().id())) continue;
            try (Mdc ignored = Mdc.put(Mdc.TRIGGER_ID, rc.run().triggerId(), Mdc.RUN_ID, rc.run().id())) {
                if (rc.isNew()) listeners.runStarted(rc.run());
                for (Message m : rc.messages()) {
                    try (Mdc message = Mdc.put(Mdc.MESSAGE_ID, m.id())) {
                        listeners.messageCreated(m);
                    }
                }
                if (rc.run().status().isTerminal()) listeners.runFinished(rc.run());
            }
        }
    }
}
