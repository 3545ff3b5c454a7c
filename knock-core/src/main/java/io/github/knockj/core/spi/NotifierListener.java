package io.github.knockj.core.spi;

import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.WorkflowRun;
import java.time.Duration;

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

    /**
     * A trigger was accepted and stored (not a replay of an idempotency key). A trigger written with
     * the application's open transaction is announced when it is written to that transaction.
     *
     * @param trigger the trigger as stored
     */
    default void onTriggerAccepted(TriggerRecord trigger) {}

    /**
     * A channel provider answered a call, or threw (then {@code result} is the retryable failure the
     * engine made of it). Called on the channel's own call thread as soon as the call returns, before
     * the outcome is stored; a call that outlives the provider call timeout is still reported when it
     * returns. A retry after backoff or a failover to a backup provider is a call with
     * {@link OutboundMessage#attempt()} above 1.
     *
     * @param message the message handed to the provider, with its attempt number
     * @param provider the provider's {@link ChannelProvider#name() name}
     * @param result what the provider answered
     * @param latency how long the call took
     */
    default void onProviderCalled(OutboundMessage message, String provider, DeliveryResult result, Duration latency) {}

    /**
     * A batch closed and was handed to the run holding it, after the flush is stored.
     *
     * @param workflowKey the batch's workflow
     * @param stepRef the batch step
     * @param lag how long after the batch's close time it was flushed (zero if on time)
     */
    default void onBatchFlushed(String workflowKey, String stepRef, Duration lag) {}

    /**
     * A job this instance claimed was taken over from a lease that had run out: the instance that
     * held it died or stalled past its lease without finishing it. Called on a worker thread before
     * the job runs; the job's {@code owner} is this instance.
     *
     * @param job the claimed job, {@link Job#recovered()} true
     */
    default void onLeaseRecovered(Job job) {}
}
