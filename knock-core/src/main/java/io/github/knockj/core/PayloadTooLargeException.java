package io.github.knockj.core;

/** Trigger data whose JSON form exceeds the configured limit ({@code Notifier.Builder#maxPayloadBytes}). */
public class PayloadTooLargeException extends InvalidInputException {
    /**
     * An exception stating the size and the limit.
     *
     * @param size the data's size as JSON, in bytes
     * @param limit the configured limit, in bytes
     */
    public PayloadTooLargeException(long size, long limit) {
        super("trigger.data", "payload is " + size + " bytes of JSON, over the limit of " + limit);
    }
}
