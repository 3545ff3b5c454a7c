package io.github.knockj.core.spi;

/** What a durable job does when it comes due; {@link Job#target()} names what it acts on. */
public enum JobKind {
    /** Create the runs of a trigger (target: trigger id). */
    TRIGGER,
    /** Create runs for one page of an object's subscribers (target: trigger id; payload: object and cursor). */
    FANOUT,
    /** Continue a paused run (target: run id). */
    RUN,
    /** Hand a message to its channel provider (target: message id). */
    DELIVER,
    /** Close a batch and continue the run holding it (target: batch id). */
    FLUSH_BATCH,
    /** Fire a recurring schedule (target: schedule id). */
    SCHEDULE,
    /**
     * Post a webhook notice (a run or message change, as JSON) to one configured event webhook
     * (target: notice id). Named {@code EVENT} because job kinds are stored by name: renaming it
     * would orphan the jobs of existing databases.
     */
    EVENT
}
