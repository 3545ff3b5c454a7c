package io.github.knockj.core.memory;

import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.WorkflowRun;
import java.util.ArrayList;
import java.util.List;

/**
 * A run as {@link MemoryState} keeps it: the run (read lock-free), its log and its messages' ids
 * (both guarded by the state's lock). One per run: a fan-out keeps millions, so it is kept small.
 */
final class RunEntry {
    volatile WorkflowRun run;
    final List<RunLogEntry> log = new ArrayList<>(4);
    final List<String> messageIds = new ArrayList<>(2);

    RunEntry(WorkflowRun run) {
        this.run = run;
    }
}
