package io.github.knockj.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-05-06T07:08:09Z"), ZoneOffset.UTC);

    @Test
    void parsesDelaySeconds() {
        assertThat(RetryAfter.parse("120", clock)).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse(" 0 ", clock)).isEqualTo(Duration.ZERO);
    }

    @Test
    void parsesHttpDatesRelativeToTheClock() {
        assertThat(RetryAfter.parse("Wed, 06 May 2026 07:09:09 GMT", clock)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryAfter.parse("Wed, 06 May 2026 07:00:00 GMT", clock)).as("past date").isEqualTo(Duration.ZERO);
    }

    @Test
    void absentOrUnparsableIsNull() {
        assertThat(RetryAfter.parse(null, clock)).isNull();
        assertThat(RetryAfter.parse("", clock)).isNull();
        assertThat(RetryAfter.parse("soon", clock)).isNull();
        assertThat(RetryAfter.parse("-5", clock)).isNull();
        assertThat(RetryAfter.parse("99999999999999999999999", clock)).isNull();
    }
}
