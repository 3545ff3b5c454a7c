package io.github.knockj.core.internal;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.TriggerRecord;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobKind#TRIGGER}: creates and starts the runs of a trigger's user recipients, and leaves each
 * object recipient to a {@link JobKind#FANOUT} job over its subscribers.
 */
final class TriggerJobHandler implements JobHandler.InChunk {
    private static final Logger log = LoggerFactory.getLogger(TriggerJobHandler.class);

    private final Map<String, Workflow> workflows;
    private final RunAdvancer runs;

    TriggerJobHandler(Map<String, Workflow> workflows, RunAdvancer runs) {
        this.workflows = workflows;
        this.runs = runs;
    }

    @Override
    public JobKind kind() {
        return JobKind.TRIGGER;
    }

    @Override
    public void handle(Job job, ChangeSet cs, WorkChunk chunk) {
        TriggerRecord t = chunk.trigger(job.target()).orElse(null);
        Workflow wf = t == null ? null : workflows.get(t.workflowKey());
        if (wf == null) {
            log.error("trigger {} names {}; nothing to run", job.target(), t == null ? "nothing (it is gone)" : "unknown workflow '" + t.workflowKey() + "'");
            cs.completedJobs().add(job.id());
            return;
        }
        runs.createRuns(t, wf, t.recipients(), Map.of(), runs.cancellationsFor(t), cs, chunk);
        for (Recipient r : t.recipients()) {
            if (!r.isUser()) {
                cs.jobs().add(Job.create(Ids.next(), JobKind.FANOUT, t.id(), FanOutPage.first(r).encode(), chunk.now(), chunk.now()));
            }
        }
        cs.completedJobs().add(job.id());
    }
}
