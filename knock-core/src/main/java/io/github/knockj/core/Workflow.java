package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A notification workflow defined in code: ordered steps with stable refs, categories that
 * preferences can address, and flags. Immutable once built.
 *
 * <pre>{@code
 * Workflow.builder("new-comment")
 *     .categories("collaboration")
 *     .step(Steps.channel("feed", "in-app").body("{{ actor.name }} commented on {{ data.post }}"))
 *     .step(Steps.delay("wait", Duration.ofMinutes(10)))
 *     .step(Steps.channel("email", "email")
 *         .when(ctx -> ctx.message("feed").map(m -> !m.isSeen()).orElse(false))
 *         .subject("New comment on {{ data.post }}").text("{{ actor.name }} wrote: {{ data.body }}"))
 *     .build();
 * }</pre>
 */
public final class Workflow {
    private final String key;
    private final String name;
    private final Set<String> categories;
    private final boolean required;
    private final boolean active;
    private final boolean syncRead;
    private final List<Step> steps;
    private final Map<String, Step> byRef;
    private final Map<String, String> next;
    private final Map<String, String> branchEntries;

    private Workflow(Builder b) {
        this.key = b.key;
        this.name = b.name == null ? b.key : b.name;
        this.categories = Collections.unmodifiableSet(new LinkedHashSet<>(b.categories));
        this.required = b.required;
        this.active = b.active;
        this.syncRead = b.syncRead;
        this.steps = List.copyOf(b.steps);
        Map<String, Step> refs = new LinkedHashMap<>();
        Map<String, String> nextRefs = new HashMap<>();
        Map<String, String> entries = new HashMap<>();
        link(steps, null, refs, nextRefs, entries);
        this.byRef = Collections.unmodifiableMap(refs);
        this.next = nextRefs;
        this.branchEntries = entries;
    }

    /** Records every step by ref and what follows it; {@code after} is what follows the list (null: the end). */
    private void link(List<Step> list, String after, Map<String, Step> refs, Map<String, String> nextRefs, Map<String, String> entries) {
        for (int i = 0; i < list.size(); i++) {
            Step s = list.get(i);
            if (refs.putIfAbsent(s.ref(), s) != null) {
                throw new WorkflowDefinitionException("workflow '" + key + "' has two steps with ref '" + s.ref() + "'");
            }
            String following = i + 1 < list.size() ? list.get(i + 1).ref() : after;
            nextRefs.put(s.ref(), following);
            if (s instanceof BranchStep b) {
                for (BranchStep.Branch br : b.allBranches()) {
                    String branchAfter = br.exits() ? null : following;
                    entries.put(s.ref() + "#" + br.name(), br.steps().isEmpty() ? branchAfter : br.steps().get(0).ref());
                    link(br.steps(), branchAfter, refs, nextRefs, entries);
                }
            }
        }
    }

    /**
     * Starts a workflow definition.
     *
     * @param key the workflow key that triggers name
     * @return a new builder
     * @throws InvalidInputException if the key is null, blank or too long
     */
    public static Builder builder(String key) {
        return new Builder(key);
    }

    /** {@return the workflow key} */
    public String key() { return key; }
    /** {@return the display name; the key if none was set} */
    public String name() { return name; }
    /** {@return the categories, in the order given; empty if none} */
    public Set<String> categories() { return categories; }
    /**
     * Whether preferences are ignored for this workflow (security alerts, receipts).
     *
     * @return true if the workflow is required
     */
    public boolean isRequired() { return required; }
    /**
     * An inactive workflow rejects triggers with {@link WorkflowInactiveException}.
     *
     * @return true if the workflow accepts triggers (the default)
     */
    public boolean isActive() { return active; }
    /**
     * Whether reading one message of a run marks the run's other messages read too.
     *
     * @return true if reads sync across the run's messages
     */
    public boolean syncsReadAcrossChannels() { return syncRead; }
    /**
     * The top-level steps, in order.
     *
     * @return an unmodifiable list, never empty
     */
    public List<Step> steps() { return steps; }
    /**
     * Every step, including those inside branches, by ref.
     *
     * @return an unmodifiable map in definition order
     */
    public Map<String, Step> stepsByRef() { return byRef; }

    /**
     * Looks up a step by ref, including steps inside branches.
     *
     * @param ref the step ref
     * @return the step, or empty if the workflow has none with that ref
     */
    public Optional<Step> step(String ref) {
        return Optional.ofNullable(byRef.get(ref));
    }

    /**
     * The ref of the first step.
     *
     * @return the ref of the first top-level step
     */
    public String firstRef() {
        return steps.get(0).ref();
    }

    /**
     * The ref of the step that follows {@code ref} when it completes normally; null at the end.
     *
     * @param ref a step of this workflow
     * @return the next step's ref, or null if the run ends after {@code ref}
     * @throws IllegalArgumentException if the workflow has no step {@code ref}
     */
    public String refAfter(String ref) {
        if (!byRef.containsKey(ref)) throw new IllegalArgumentException("workflow '" + key + "' has no step '" + ref + "'");
        return next.get(ref);
    }

    /**
     * The ref at which branch {@code branchName} of branch step {@code ref} starts; null if taking it ends
     * the run.
     *
     * @param ref a branch step of this workflow
     * @param branchName one of its branches, or its default branch
     * @return the first ref of the branch (or what follows the branch step, if the branch is empty), or null
     */
    public String branchEntry(String ref, String branchName) {
        return branchEntries.get(ref + "#" + branchName);
    }

    @Override
    public String toString() {
        return "Workflow[" + key + ", steps=" + byRef.keySet() + "]";
    }

    /** Builds a {@link Workflow}; {@link #build()} rejects empty workflows and duplicate refs. */
    public static final class Builder {
        private final String key;
        private String name;
        private final List<String> categories = new ArrayList<>();
        private boolean required;
        private boolean active = true;
        private boolean syncRead;
        private final List<Step> steps = new ArrayList<>();

        private Builder(String key) {
            this.key = Validate.id("workflow.key", key);
        }

        /**
         * A display name. If unset, the key.
         *
         * @param name the name, or null for the key
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Categories preferences can switch off, such as {@code collaboration} or {@code marketing}.
         *
         * @param categories category ids, added to those given before
         * @return this builder
         * @throws InvalidInputException if a category is null, blank or too long
         */
        public Builder categories(String... categories) {
            for (String c : categories) this.categories.add(Validate.id("workflow.category", c));
            return this;
        }

        /**
         * Ignore recipients' preferences: for messages a user must get (security alerts, receipts).
         *
         * @return this builder
         */
        public Builder required() {
            this.required = true;
            return this;
        }

        /**
         * Whether triggers are accepted (default true).
         *
         * @param active false to reject triggers
         * @return this builder
         */
        public Builder active(boolean active) {
            this.active = active;
            return this;
        }

        /**
         * Reading any message of a run marks the run's other messages read too (default off).
         *
         * @return this builder
         */
        public Builder syncReadAcrossChannels() {
            this.syncRead = true;
            return this;
        }

        /**
         * Appends a step; its ref must be unique within the workflow, branches included.
         *
         * @param step a step made by {@link Steps}
         * @return this builder
         */
        public Builder step(Step step) {
            steps.add(Validate.notNull("workflow.step", step));
            return this;
        }

        /**
         * @return the immutable workflow; its steps can no longer change
         * @throws WorkflowDefinitionException naming the problem: no steps, a duplicate ref, an
         *         incomplete step (a delay without duration, a branch without default)
         */
        public Workflow build() {
            if (steps.isEmpty()) throw new WorkflowDefinitionException("workflow '" + key + "' has no steps");
            Workflow w = new Workflow(this);
            for (Step s : steps) s.freeze();
            return w;
        }
    }
}
