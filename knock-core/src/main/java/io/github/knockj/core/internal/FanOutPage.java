package io.github.knockj.core.internal;

import io.github.knockj.core.Recipient;

/**
 * The payload of a {@link io.github.knockj.core.spi.JobKind#FANOUT} job: which object's subscribers
 * to start runs for, and where. A <em>splitter</em> ({@code through == null}) reads on from the
 * subscriber after {@code after} (from the first when null) and hands further pages to range jobs; a
 * <em>range</em> covers the subscribers after {@code after} up to and including {@code through}.
 *
 * <p>Stored as {@code object \n after} (after empty for the first page) or {@code object \n after \n
 * through}; jobs are durable, so this format is read back by later versions.
 *
 * @param object the object whose subscribers are reached
 * @param after the last subscriber already covered, or null to start with the first
 * @param through the last subscriber of a range, or null for a splitter
 */
record FanOutPage(Recipient object, String after, String through) {

    FanOutPage {
        if (object == null || object.isUser()) throw new IllegalArgumentException("a fan-out page needs an object, was " + object);
        if (through != null && after == null) throw new IllegalArgumentException("a fan-out range needs its start, through " + through);
    }

    /** The first page of {@code object}'s subscribers, split further as it goes. */
    static FanOutPage first(Recipient object) {
        return new FanOutPage(object, null, null);
    }

    /** A splitter going on after subscriber {@code after}. */
    static FanOutPage splitterAfter(Recipient object, String after) {
        return new FanOutPage(object, after, null);
    }

    /** A range: the subscribers after {@code after} up to and including {@code through}. */
    static FanOutPage range(Recipient object, String after, String through) {
        return new FanOutPage(object, after, through);
    }

    boolean isRange() {
        return through != null;
    }

    String encode() {
        return object.key() + "\n" + (after == null ? "" : after) + (through == null ? "" : "\n" + through);
    }

    /** Reads a stored payload; throws {@link IllegalArgumentException}, quoting it, if it is not one. */
    static FanOutPage decode(String payload) {
        String[] parts = payload == null ? new String[0] : payload.split("\n", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[0].indexOf('/') < 0
                || parts.length == 3 && (parts[1].isEmpty() || parts[2].isEmpty())) {
            throw new IllegalArgumentException("not a fan-out page payload (object \\n after [\\n through]): " + Payloads.quote(payload));
        }
        Recipient object = Recipient.fromKey(parts[0]);
        String after = parts[1].isEmpty() ? null : parts[1];
        return new FanOutPage(object, after, parts.length == 3 ? parts[2] : null);
    }
}
