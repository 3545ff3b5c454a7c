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
        this("trigger.data", size, limit);
    }

    /**
     * An exception naming the data's field, such as {@code triggers[3].data} for one entry of a bulk trigger.
     *
     * @param field the path of the data that is too large
     * @param size the data's size as JSON, in bytes
     * @param limit the configured limit, in bytes
     */
    public PayloadTooLargeException(String field, long size, long limit) {
        super(field, "payload is " + size + " bytes of JSON, over the limit of " + limit);
    }
}
