package io.github.knockj.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a step condition sees about the run it is deciding for. Reads of earlier messages
 * ({@link #message(String)}) go to the store at the moment the condition is evaluated, so an
 * escalation step after a delay sees whether the in-app message was read in the meantime.
 */
public interface RunContext {
    /** {@return the run's id} */
    String runId();

    /** {@return the run's workflow key} */
    String workflowKey();

    /** {@return the run's recipient, a user or an object} */
    Recipient recipient();

    /**
     * The recipient when it is a user.
     *
     * @return the user as stored, or empty for an object recipient or an unknown user
     */
    Optional<User> user();

    /**
     * The run's data: trigger data with per-recipient overrides and step updates.
     *
     * @return the data, unmodifiable
     */
    Map<String, Object> data();

    /** {@return the trigger's actor id, empty if none} */
    Optional<String> actorId();

    /** {@return the trigger's actor as stored, empty if none or unknown} */
    Optional<User> actor();

    /** {@return the trigger's tenant as stored, empty if none or unknown} */
    Optional<Tenant> tenant();

    /**
     * The message an earlier channel step of this run produced, as stored right now.
     *
     * @param stepRef the ref of a channel step of this workflow
     * @return the message, or empty if that step has not produced one for this run
     */
    Optional<Message> message(String stepRef);

    /**
     * After a batch step: how many activities the batch collected (1 before any batch step).
     *
     * @return the number of activities, at least 1
     */
    int totalActivities();

    /**
     * After a batch step: the collected activities ({@code actor}, {@code data}, {@code inserted_at}).
     *
     * @return the activities the batch step keeps (see {@link BatchStep#firstActivities(int)}); empty before
     *     any batch step
     */
    List<Map<String, Object>> activities();

    /**
     * A value by dotted path over the template variables, such as {@code data.priority},
     * {@code recipient.email}, {@code tenant.id}, {@code vars.plan} (see
     * {@link Notifier.Builder#templateVariables}); null when missing.
     *
     * @param path a dotted path, such as {@code data.priority}
     * @return the value, or null when missing
     */
    Object value(String path);
}
