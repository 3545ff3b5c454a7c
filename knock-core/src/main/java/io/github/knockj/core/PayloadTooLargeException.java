package io.github.knockj.core;

/** Trigger data whose JSON form exceeds the configured limit ({@code Notifier.Builder#maxPayloadBytes}). */
public class PayloadTooLargeException extends InvalidInputException {
    public PayloadTooLargeException(long size, long limit) {
        super("trigger.data", "payload is " + size + " bytes of JSON, over the limit of " + limit);
    }
}
