package io.github.knockj.channels.internal;

import io.github.knockj.core.spi.DeliveryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds the results of sending one message to several targets (push tokens, chat webhooks) into the
 * one result the engine records. Not a public API.
 *
 * <p>Any success makes the whole a success (retrying would duplicate the message on the targets that
 * got it); failures of the other targets are noted in the reason. With no success: invalid token if
 * every target's token is invalid, else retryable if any failure is retryable (waiting for the
 * longest {@code Retry-After} asked), else permanent.
 */
public final class Outcomes {
    /** Longest combined reason. */
    static final int MAX_REASON = 1_000;

    private Outcomes() {}

    /** Combines {@code results} (one per target, in order, at least one). */
    public static DeliveryResult combine(List<DeliveryResult> results) {
        if (results.isEmpty()) throw new IllegalArgumentException("results must not be empty");
        if (results.size() == 1) return results.get(0);
        DeliveryResult firstSuccess = null;
        List<DeliveryResult> failures = new ArrayList<>();
        for (DeliveryResult r : results) {
            if (r.isSuccess()) {
                if (firstSuccess == null) firstSuccess = r;
            } else {
                failures.add(r);
            }
        }
        if (failures.isEmpty()) return firstSuccess;
        String reason = Text.truncate(failures.size() + " of " + results.size() + " failed: "
                + String.join("; ", failures.stream().map(DeliveryResult::reason).toList()), MAX_REASON);
        if (firstSuccess != null) {
            return new DeliveryResult(firstSuccess.kind(), firstSuccess.providerMessageId(), reason, null);
        }
        if (failures.stream().allMatch(r -> r.kind() == DeliveryResult.Kind.INVALID_TOKEN)) {
            return DeliveryResult.invalidToken(reason);
        }
        if (failures.stream().anyMatch(r -> r.kind() == DeliveryResult.Kind.RETRYABLE)) {
            Duration wait = null;
            for (DeliveryResult r : failures) {
                if (r.retryAfter() != null && (wait == null || r.retryAfter().compareTo(wait) > 0)) wait = r.retryAfter();
            }
            return DeliveryResult.retryable(reason, wait);
        }
        return DeliveryResult.permanent(reason);
    }
}
