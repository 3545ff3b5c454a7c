package io.github.knockj.core.internal;

import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import java.util.List;

/**
 * Executes the durable jobs of one {@link JobKind}. {@link JobHandlers} holds one per kind and
 * dispatches claimed jobs to them. A handler either works inside a {@link WorkChunk} ({@link InChunk}:
 * workflow work, committed with the chunk's other jobs in one change set) or takes its jobs as a
 * group and commits them itself ({@link OnItsOwn}: deliveries and webhook events, which call out and
 * commit in waves).
 */
sealed interface JobHandler permits JobHandler.InChunk, JobHandler.OnItsOwn {

    /** The kind of job this handler executes. */
    JobKind kind();

    /** A handler whose jobs run one by one inside a work chunk. */
    non-sealed interface InChunk extends JobHandler {
        /**
         * Executes {@code job}, adding what it writes, and the job's completion or rescheduling, to
         * {@code cs}, which commits with the chunk. A handler that throws has its job retried later
         * (the chunk drops {@code cs} and what the job left waiting in the chunk).
         */
        void handle(Job job, ChangeSet cs, WorkChunk chunk);
    }

    /** A handler that executes its jobs of a chunk together and commits them itself. */
    non-sealed interface OnItsOwn extends JobHandler {
        /** Executes {@code jobs}, all of this handler's kind and leased by {@code owner}. Never throws. */
        void execute(List<Job> jobs, String owner);
    }
}
