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
    String runId();

    String workflowKey();

    Recipient recipient();

    /** The recipient when it is a user. */
    Optional<User> user();

    /** The run's data: trigger data with per-recipient overrides and step updates. */
    Map<String, Object> data();

    Optional<String> actorId();

    Optional<User> actor();

    Optional<Tenant> tenant();

    /** The message an earlier channel step of this run produced, as stored right now. */
    Optional<Message> message(String stepRef);

    /** After a batch step: how many activities the batch collected (1 before any batch step). */
    int totalActivities();

    /** After a batch step: the collected activities ({@code actor}, {@code data}, {@code inserted_at}). */
    List<Map<String, Object>> activities();

    /**
     * A value by dotted path over the template variables, such as {@code data.priority},
     * {@code recipient.email}, {@code tenant.id}; null when missing.
     */
    Object value(String path);
}
