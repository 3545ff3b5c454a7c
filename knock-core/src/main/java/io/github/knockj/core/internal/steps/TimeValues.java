package io.github.knockj.core.internal.steps;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reads times that steps take from a run's data: timestamps and batch windows. */
final class TimeValues {
    private TimeValues() {}

    /** Epoch millis, or an ISO-8601 timestamp with or without offset; null for anything else. */
    static Instant parseInstant(Object v) {
        if (v instanceof Number n) return Instant.ofEpochMilli(n.longValue());
        if (v instanceof String str) {
            try {
                return OffsetDateTime.parse(str).toInstant();
            } catch (DateTimeException e) {
                try {
                    return Instant.parse(str);
                } catch (DateTimeException e2) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * When a window given in data closes: positive seconds, a positive ISO-8601 duration, or a
     * future timestamp; null when the value is none of these.
     */
    static Instant windowFromData(Object v, Instant now) {
        if (v instanceof Number n && n.longValue() > 0) return now.plusSeconds(n.longValue());
        if (v instanceof String str) {
            try {
                Duration d = Duration.parse(str);
                return d.isNegative() || d.isZero() ? null : now.plus(d);
            } catch (DateTimeException e) {
                Instant at = parseInstant(str);
                return at != null && at.isAfter(now) ? at : null;
            }
        }
        return null;
    }
}
