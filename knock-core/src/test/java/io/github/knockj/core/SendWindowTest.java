package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void weekdayWindowOpensNextMondayFromTheWeekend() {
        SendWindow w = SendWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0));
        Instant saturdayNoon = Instant.parse("2026-01-10T11:00:00Z");
        assertThat(w.isOpen(saturdayNoon, BERLIN)).isFalse();
        assertThat(w.nextOpening(saturdayNoon, BERLIN)).isEqualTo(Instant.parse("2026-01-12T08:00:00Z"));
        Instant mondayTen = Instant.parse("2026-01-12T09:00:00Z");
        assertThat(w.nextOpening(mondayTen, BERLIN)).isEqualTo(mondayTen);
    }

    @Test
    void windowAcrossMidnightBelongsToTheDayItStarts() {
        SendWindow night = SendWindow.of(new SendWindow.Rule(Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(2, 0)));
        assertThat(night.isOpen(Instant.parse("2026-01-09T21:30:00Z"), BERLIN)).isTrue();   // Fri 22:30
        assertThat(night.isOpen(Instant.parse("2026-01-10T00:30:00Z"), BERLIN)).isTrue();   // Sat 01:30
        assertThat(night.isOpen(Instant.parse("2026-01-10T01:30:00Z"), BERLIN)).isFalse();  // Sat 02:30
        assertThat(night.isOpen(Instant.parse("2026-01-08T22:30:00Z"), BERLIN)).isFalse();  // Thu 23:30
    }

    @Test
    void daylightSavingChangesAreFollowed() {
        SendWindow w = SendWindow.daily(LocalTime.of(9, 0), LocalTime.of(10, 0));
        // Berlin switches to summer time on 2026-03-29: 09:00 is 08:00Z before and 07:00Z after
        assertThat(w.nextOpening(Instant.parse("2026-03-28T10:00:00Z"), BERLIN)).isEqualTo(Instant.parse("2026-03-29T07:00:00Z"));
        assertThat(w.nextOpening(Instant.parse("2026-03-27T10:00:00Z"), BERLIN)).isEqualTo(Instant.parse("2026-03-28T08:00:00Z"));
    }
}
