package io.github.knockj.channels.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
 * Not a public API.
 */
public final class RetryAfter {
    private RetryAfter() {}

    /**
     * The wait {@code value} asks for, measured from {@code clock}'s now; null if {@code value} is
     * absent or unparsable. A date in the past gives {@link Duration#ZERO}.
     */
    public static Duration parse(String value, Clock clock) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                return null; // more digits than a long holds
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
