package io.github.knockj.core.internal.steps;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.TriggerWorkflowStep;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.internal.Ids;
import io.github.knockj.core.internal.Json;
import io.github.knockj.core.internal.RunState;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.TriggerRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Triggers another workflow for the step's recipients, with a trigger id derived from the run and
 * the step (so a retried step triggers once), failing the run past the trigger depth limit.
 */
final class TriggerWorkflowStepHandler implements StepHandler<TriggerWorkflowStep> {
    private final int maxTriggerDepth;
    private final Map<String, Workflow> workflows;

    TriggerWorkflowStepHandler(int maxTriggerDepth, Map<String, Workflow> workflows) {
        this.maxTriggerDepth = maxTriggerDepth;
        this.workflows = workflows;
    }

    @Override
    public boolean execute(RunState s, TriggerWorkflowStep step) {
        WorkflowRun run = s.original();
        if (run.depth() + 1 > maxTriggerDepth) {
            s.fail(step.ref(), "trigger depth limit " + maxTriggerDepth + " reached (workflows trigger each other in a loop?)");
            return false;
        }
        Workflow child = workflows.get(step.workflowKey());
        if (child == null || !child.isActive()) {
            s.fail(step.ref(), "workflow '" + step.workflowKey() + "' is " + (child == null ? "unknown" : "inactive"));
            return false;
        }
        List<Recipient> recipients = new ArrayList<>(new LinkedHashSet<>(step.recipients().apply(s)));
        Map<String, Object> data = Json.copyMap("triggerWorkflow.data", step.data().apply(s));
        String triggerId = Ids.derived(run.id(), step.ref());
        if (!recipients.isEmpty()) {
            s.addTrigger(new TriggerRecord(triggerId, child.key(), recipients, run.actorId(), run.tenant(), data,
                    Map.of(), null, null, run.skipDelays(), run.depth() + 1, s.now(), s.traceContext()));
            s.addJob(JobKind.TRIGGER, triggerId, s.now());
        }
        s.log(step.ref(), Outcome.WORKFLOW_TRIGGERED, "'" + child.key() + "' for " + recipients.size() + " recipient(s), trigger " + triggerId);
        s.moveAfter(step);
        return true;
    }
}
