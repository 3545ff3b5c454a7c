package io.github.knockj.core.spi;

import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.WorkflowRun;

/**
 * Hears what the engine did, after it is stored: for metrics, audit trails, an application's own
 * webhooks and live feed updates. Every method has a no-op default. Listeners run on engine threads: keep them
 * fast and hand slow work elsewhere. Whatever a listener throws, an exception or an error such as
 * {@link AssertionError} or {@link StackOverflowError}, is logged once at WARN and ignored; it never
 * changes what the engine does. Only an {@link OutOfMemoryError} is rethrown.
 */
public interface NotifierListener {
    /** A listener that does nothing. */
    NotifierListener NONE = new NotifierListener() {};

    /**
     * A run was created (once per recipient of a trigger).
     *
     * @param run the new run
     */
    default void onRunStarted(WorkflowRun run) {}

    /**
     * A run reached a terminal status: completed, absorbed, stopped, cancelled or failed.
     *
     * @param run the run as stored in its terminal status
     */
    default void onRunFinished(WorkflowRun run) {}

    /**
     * A message was created (status queued, or delivered at once for in-app feeds).
     *
     * @param message the new message
     */
    default void onMessageCreated(Message message) {}

    /**
     * A message's delivery status changed.
     *
     * @param message the message as stored after the change
     * @param previous the status before the change
     */
    default void onDeliveryStatusChanged(Message message, DeliveryStatus previous) {}

    /**
     * A message's engagement changed (seen, read, archived, clicked, or their undo).
     *
     * @param message the message as stored after the change
     */
    default void onEngagementChanged(Message message) {}
}
