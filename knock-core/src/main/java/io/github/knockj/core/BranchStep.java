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
        /**
         * Validates the name and copies {@code steps}.
         *
         * @param name the branch name, shown in the run log
         * @param condition when the branch is taken
         * @param steps the branch's steps
         * @param exits whether the run ends after the branch's steps
         * @throws InvalidInputException if the name is null, blank or too long
         */
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

    /**
     * Adds a branch taken when {@code condition} holds (and no earlier branch's did).
     *
     * @param name the branch name, shown in the run log
     * @param condition evaluated on the run in branch order
     * @param steps the branch's steps; none to go straight on after the branch step
     * @return this step
     * @throws IllegalArgumentException past {@link #MAX_BRANCHES} branches
     */
    public BranchStep when(String name, Predicate<RunContext> condition, Step... steps) {
        return add(new Branch(name, Validate.notNull("branch.condition", condition), List.of(steps), false));
    }

    /**
     * Adds a branch that runs {@code steps} and then ends the run.
     *
     * @param name the branch name, shown in the run log
     * @param condition evaluated on the run in branch order
     * @param steps the branch's steps; none to end the run at once
     * @return this step
     * @throws IllegalArgumentException past {@link #MAX_BRANCHES} branches
     */
    public BranchStep exitWhen(String name, Predicate<RunContext> condition, Step... steps) {
        return add(new Branch(name, Validate.notNull("branch.condition", condition), List.of(steps), true));
    }

    private BranchStep add(Branch b) {
        checkNotFrozen();
        if (branches.size() >= MAX_BRANCHES) throw new IllegalArgumentException("a branch step takes at most " + MAX_BRANCHES + " branches");
        branches.add(b);
        return this;
    }

    /**
     * The default branch, taken when no other branch's condition holds.
     *
     * @param steps the default branch's steps; none to go straight on after the branch step
     * @return this step
     */
    public BranchStep otherwise(Step... steps) {
        checkNotFrozen();
        this.otherwise = new Branch("default", ctx -> true, List.of(steps), false);
        return this;
    }

    /**
     * A default branch that ends the run after its steps.
     *
     * @param steps the default branch's steps; none to end the run at once
     * @return this step
     */
    public BranchStep otherwiseExit(Step... steps) {
        checkNotFrozen();
        this.otherwise = new Branch("default", ctx -> true, List.of(steps), true);
        return this;
    }

    /**
     * Skips the branch step entirely when {@code condition} is false.
     *
     * @param condition evaluated on the run when it reaches the step
     * @return this step
     */
    public BranchStep onlyWhen(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    /** {@return the conditional branches in evaluation order, without the default; unmodifiable} */
    public List<Branch> branches() {
        return Collections.unmodifiableList(branches);
    }

    /** {@return the default branch, or null before {@link #otherwise} or {@link #otherwiseExit} is called} */
    public Branch defaultBranch() {
        return otherwise;
    }

    /**
     * The branches in evaluation order, the default last.
     *
     * @return a new list of every branch
     */
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
