package io.github.knockj.core.internal;

import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The job handlers, one per {@link JobKind}, and the dispatch of claimed jobs to them. A chunk's
 * {@link JobHandler.InChunk} jobs run together, in their order, as one work chunk committed once
 * (workflow work first); then each {@link JobHandler.OnItsOwn} handler gets its jobs, in the order of
 * {@link JobKind}. Built once, at startup, which fails if a kind has no handler or two.
 */
final class JobHandlers {
    private final Map<JobKind, JobHandler.InChunk> inChunk = new EnumMap<>(JobKind.class);
    private final Map<JobKind, JobHandler.OnItsOwn> onItsOwn = new EnumMap<>(JobKind.class);
    private final ChunkExecutor chunks;

    /** Registers {@code handlers}; throws {@link IllegalStateException} unless there is exactly one per {@link JobKind}. */
    JobHandlers(ChunkExecutor chunks, List<JobHandler> handlers) {
        this.chunks = chunks;
        for (JobHandler h : handlers) {
            if (inChunk.containsKey(h.kind()) || onItsOwn.containsKey(h.kind())) {
                throw new IllegalStateException("two handlers for job kind " + h.kind() + ": " + handler(h.kind()).getClass().getSimpleName()
                        + " and " + h.getClass().getSimpleName());
            }
            if (h instanceof JobHandler.InChunk c) inChunk.put(h.kind(), c);
            else onItsOwn.put(h.kind(), (JobHandler.OnItsOwn) h);
        }
        List<JobKind> missing = new ArrayList<>();
        for (JobKind k : JobKind.values()) if (handler(k) == null) missing.add(k);
        if (!missing.isEmpty()) throw new IllegalStateException("no handler for job kind(s) " + missing);
    }

    /** The handler of {@code kind}. */
    JobHandler handler(JobKind kind) {
        JobHandler h = inChunk.get(kind);
        return h != null ? h : onItsOwn.get(kind);
    }

    /** Executes one chunk of claimed jobs, leased by {@code owner}, and commits the outcome. Never throws. */
    void execute(List<Job> jobs, String owner) {
        List<Job> work = new ArrayList<>();
        Map<JobKind, List<Job>> others = new EnumMap<>(JobKind.class);
        for (Job j : jobs) {
            if (inChunk.containsKey(j.kind())) work.add(j);
            else others.computeIfAbsent(j.kind(), k -> new ArrayList<>()).add(j);
        }
        if (!work.isEmpty()) chunks.execute(work, inChunk, owner);
        others.forEach((kind, group) -> onItsOwn.get(kind).execute(group, owner));
    }
}
