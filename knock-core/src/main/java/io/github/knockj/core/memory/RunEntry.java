package io.github.knockj.core.memory;

import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.WorkflowRun;
import java.util.Arrays;
import java.util.List;

/**
 * A run as {@link MemoryState} keeps it: the run (read lock-free), its log and its messages' ids
 * (both guarded by the state's lock). One per run: a fan-out keeps millions, so it is kept small:
 * log and ids are arrays of exactly their elements, grown by a copy per commit that adds to them.
 */
final class RunEntry {
    private static final RunLogEntry[] NO_LOG = new RunLogEntry[0];
    private static final String[] NO_IDS = new String[0];

    volatile WorkflowRun run;
    private RunLogEntry[] log = NO_LOG;
    private String[] messageIds = NO_IDS;

    RunEntry(WorkflowRun run) {
        this.run = run;
    }

    /** Appends entries to the log. Lock held. */
    void addLog(List<RunLogEntry> entries) {
        if (entries.isEmpty()) return;
        RunLogEntry[] next = Arrays.copyOf(log, log.length + entries.size());
        for (int i = 0; i < entries.size(); i++) next[log.length + i] = entries.get(i);
        log = next;
    }

    /** The log, oldest first, as an immutable copy. Lock held. */
    List<RunLogEntry> log() {
        return List.of(log);
    }

    /** Records the id of a message of the run. Lock held. */
    void addMessageId(String id) {
        String[] next = Arrays.copyOf(messageIds, messageIds.length + 1);
        next[messageIds.length] = id;
        messageIds = next;
    }

    /** The ids of the run's messages, in the order written. Lock held. */
    List<String> messageIds() {
        return Arrays.asList(messageIds);
    }
}
