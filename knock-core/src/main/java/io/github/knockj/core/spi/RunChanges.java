package io.github.knockj.core.spi;

import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.Message;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.WorkflowRun;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one step of execution changed for one run, applied all or nothing and only if the run
 * is as the executor saw it: a new run is inserted only if no run has its id; an existing run is
 * updated only if its stored version is {@code run.version() - 1}. Otherwise the store skips the
 * whole group (someone else, such as a cancel, changed the run first).
 */
public final class RunChanges {
    private final WorkflowRun run;
    private final boolean isNew;
    private final List<Message> messages;
    private final List<MessageEvent> events;
    private final List<Job> jobs;
    private final List<RunLogEntry> log;
    private final List<TriggerRecord> triggers;

    /**
     * Changes to one run.
     *
     * @param run the run as it is to be stored (for an existing run, with its version incremented)
     * @param isNew true to insert the run, false to update it
     */
    public RunChanges(WorkflowRun run, boolean isNew) {
        this(run, isNew, new ArrayList<>(2), new ArrayList<>(2), new ArrayList<>(2), new ArrayList<>(4), new ArrayList<>(0));
    }

    /**
     * Changes to one run made of lists the caller collected, which become this object's own (no copy:
     * the engine builds one per run of a fan-out).
     *
     * @param run the run as it is to be stored (for an existing run, with its version incremented)
     * @param isNew true to insert the run, false to update it
     * @param messages the messages to insert; mutable
     * @param events the message history events to append; mutable
     * @param jobs the jobs to insert; mutable
     * @param log the run log entries to append; mutable
     * @param triggers the triggers the run started; mutable
     */
    public RunChanges(WorkflowRun run, boolean isNew, List<Message> messages, List<MessageEvent> events, List<Job> jobs,
                      List<RunLogEntry> log, List<TriggerRecord> triggers) {
        this.run = run;
        this.isNew = isNew;
        this.messages = messages;
        this.events = events;
        this.jobs = jobs;
        this.log = log;
        this.triggers = triggers;
    }

    /** {@return the run as it is to be stored} */
    public WorkflowRun run() { return run; }
    /** {@return true if the run is to be inserted rather than updated} */
    public boolean isNew() { return isNew; }
    /** {@return the messages to insert; mutable, add to it} */
    public List<Message> messages() { return messages; }
    /** {@return the message history events to append; mutable, add to it} */
    public List<MessageEvent> events() { return events; }
    /** {@return the jobs to insert; mutable, add to it} */
    public List<Job> jobs() { return jobs; }
    /** {@return the run log entries to append; mutable, add to it} */
    public List<RunLogEntry> log() { return log; }
    /**
     * Triggers this run started (trigger-workflow steps); their TRIGGER jobs go in {@link #jobs()}.
     *
     * @return the triggers to insert; mutable, add to it
     */
    public List<TriggerRecord> triggers() { return triggers; }
}
