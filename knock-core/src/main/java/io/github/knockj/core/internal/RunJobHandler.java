package io.github.knockj.core.internal;

import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import java.util.Map;

/** {@link JobKind#RUN}: continues a paused run (after a delay, a retry, or a manual resume). */
final class RunJobHandler implements JobHandler.InChunk {
    private final Map<String, Workflow> workflows;
    private final RunAdvancer runs;

    RunJobHandler(Map<String, Workflow> workflows, RunAdvancer runs) {
        this.workflows = workflows;
        this.runs = runs;
    }

    @Override
    public JobKind kind() {
        return JobKind.RUN;
    }

    @Override
    public void handle(Job job, ChangeSet cs, WorkChunk chunk) {
        cs.completedJobs().add(job.id());
        WorkflowRun run = chunk.run(job.target()).orElse(null);
        if (run == null || run.status().isTerminal()) return;
        Workflow wf = workflows.get(run.workflowKey());
        if (wf == null) {
            runs.failUnregistered(run, cs, chunk.now());
            return;
        }
        runs.advance(runs.load(run, wf, chunk), cs, chunk);
    }
}
