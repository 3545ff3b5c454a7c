package io.github.knockj.core.internal.steps;

import io.github.knockj.core.BranchStep;
import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.internal.RunState;

/** Takes the first branch whose condition holds (the default last); an empty branch ends the run. */
final class BranchStepHandler implements StepHandler<BranchStep> {

    @Override
    public boolean execute(RunState s, BranchStep step) {
        for (BranchStep.Branch b : step.allBranches()) {
            if (b.condition().test(s)) {
                String entry = s.workflow().branchEntry(step.ref(), b.name());
                s.log(step.ref(), Outcome.BRANCH_TAKEN, b.name());
                if (entry == null) {
                    s.end(RunStatus.COMPLETED);
                    s.log(step.ref(), Outcome.EXITED, "branch '" + b.name() + "' exits");
                    s.moveTo(null);
                    return false;
                }
                s.moveTo(entry);
                return true;
            }
        }
        throw new IllegalStateException("no branch matched, not even the default");
    }
}
