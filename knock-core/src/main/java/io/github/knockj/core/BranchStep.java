package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Chooses one path: the first branch whose condition holds, else the default branch (required).
 * A branch may exit, ending the run as completed after its own steps.
 */
public final class BranchStep extends Step {
    /** Most branches per branch step. */
    public static final int MAX_BRANCHES = 10;

    /** One branch: its name (for the run log), condition, steps, and whether the run ends after them. */
    public record Branch(String name, Predicate<RunContext> condition, List<Step> steps, boolean exits) {
        public Branch {
            Validate.id("branch.name", name);
            steps = List.copyOf(steps);
        }
    }

    private final List<Branch> branches = new ArrayList<>();
    private Branch otherwise;

    BranchStep(String ref) {
        super(ref);
    }

    /** Adds a branch taken when {@code condition} holds (and no earlier branch's did). */
    public BranchStep when(String name, Predicate<RunContext> condition, Step... steps) {
        return add(new Branch(name, Validate.notNull("branch.condition", condition), List.of(steps), false));
    }

    /** Adds a branch that runs {@code steps} and then ends the run. */
    public BranchStep exitWhen(String name, Predicate<RunContext> condition, Step... steps) {
        return add(new Branch(name, Validate.notNull("branch.condition", condition), List.of(steps), true));
    }

    private BranchStep add(Branch b) {
        checkNotFrozen();
        if (branches.size() >= MAX_BRANCHES) throw new IllegalArgumentException("a branch step takes at most " + MAX_BRANCHES + " branches");
        branches.add(b);
        return this;
    }

    /** The default branch, taken when no other branch's condition holds. */
    public BranchStep otherwise(Step... steps) {
        checkNotFrozen();
        this.otherwise = new Branch("default", ctx -> true, List.of(steps), false);
        return this;
    }

    /** A default branch that ends the run after its steps. */
    public BranchStep otherwiseExit(Step... steps) {
        checkNotFrozen();
        this.otherwise = new Branch("default", ctx -> true, List.of(steps), true);
        return this;
    }

    /** Skips the branch step entirely when {@code condition} is false. */
    public BranchStep onlyWhen(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    public List<Branch> branches() {
        return Collections.unmodifiableList(branches);
    }

    public Branch defaultBranch() {
        return otherwise;
    }

    /** The branches in evaluation order, the default last. */
    public List<Branch> allBranches() {
        List<Branch> all = new ArrayList<>(branches);
        if (otherwise != null) all.add(otherwise);
        return all;
    }

    @Override
    void freeze() {
        if (otherwise == null) throw new WorkflowDefinitionException("branch step '" + ref() + "' needs a default branch (otherwise)");
        super.freeze();
        for (Branch b : allBranches()) b.steps().forEach(Step::freeze);
    }
}
