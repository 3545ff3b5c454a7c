package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RepeatRule;
import io.github.knockj.core.Schedule;
import io.github.knockj.core.Steps;
import io.github.knockj.core.TestKit;
import io.github.knockj.core.UnknownWorkflowException;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recurring schedules on the store under test: daily, weekly and monthly rules in the recipient's
 * time zone, an end date, update, list and delete, invalid schedules rejected, and a restart that
 * neither fires an occurrence twice nor loses one. The kit's clock starts on Monday 2026-01-05
 * 09:00 UTC.
 *
 * <p>A store certifies by extending this class and implementing {@link #newStore()}.
 *
 * <p>Roles certified (the suites are not split by role yet): chiefly
 * {@link io.github.knockj.core.spi.ScheduleStore ScheduleStore} (schedules, their fire jobs, a
 * firing in one transaction); also {@link io.github.knockj.core.spi.JobQueue JobQueue} (a restart
 * neither fires twice nor loses an occurrence).
 */
public abstract class ScheduleContractTest extends ContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected ScheduleContractTest() {}

    private static Workflow summary() {
        return Workflow.builder("summary").step(Steps.channel("mail", "email").subject("summary for {{ data.team | default: 'everyone' }}")).build();
    }

    @Test
    void dailyScheduleFiresAtTheTimeOfDayInTheRecipientsZone() {
        Notifier n = notifier(summary());
        n.users().identify(User.builder("ada").email("ada@example.com").timezone("Asia/Tokyo").build());
        Schedule s = n.schedules().create("summary", List.of("ada"), RepeatRule.daily(LocalTime.of(8, 30)), Map.of("team", "core"), null, null, null).get(0);
        // 08:30 in Tokyo is 23:30 UTC the day before
        assertThat(s.nextOccurrence()).isEqualTo(Instant.parse("2026-01-05T23:30:00Z"));
        kit.advance(Duration.ofHours(14).plusMinutes(29));
        assertThat(email.sent()).isEmpty();
        kit.advance(Duration.ofMinutes(1));
        assertThat(email.sentContent("subject")).containsExactly("summary for core");
        Schedule after = n.schedules().get(s.id()).orElseThrow();
        assertThat(after.lastOccurrence()).isEqualTo(Instant.parse("2026-01-05T23:30:00Z"));
        assertThat(after.nextOccurrence()).isEqualTo(Instant.parse("2026-01-06T23:30:00Z"));
        kit.advance(Duration.ofDays(2));
        assertThat(email.sent()).hasSize(3);
    }

    @Test
    void weeklyEveryOtherWeekOnGivenDays() {
        Notifier n = notifier(summary());
        n.users().identify(user("ada"));
        Schedule s = n.schedules().create("summary", List.of("ada"),
                RepeatRule.weekly(LocalTime.of(10, 0), DayOfWeek.MONDAY, DayOfWeek.THURSDAY).every(2), Map.of("team", "x"), null, null, null).get(0);
        assertThat(s.nextOccurrence()).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
        kit.advance(Duration.ofDays(21));
        // weeks of Jan 5 and Jan 19 (not Jan 12): Mon 5, Thu 8, Mon 19, Thu 22; then the week of Feb 2
        assertThat(email.sent()).extracting(m -> m.message().createdAt().toString())
                .containsExactly("2026-01-05T10:00:00Z", "2026-01-08T10:00:00Z", "2026-01-19T10:00:00Z", "2026-01-22T10:00:00Z");
        assertThat(n.schedules().get(s.id()).orElseThrow().nextOccurrence()).isEqualTo(Instant.parse("2026-02-02T10:00:00Z"));
    }

    @Test
    void monthlyOnTheThirtyFirstClampsToShortMonthsAndEndsWhenAsked() {
        Notifier n = notifier(summary());
        n.users().identify(user("ada"));
        Schedule s = n.schedules().create("summary", List.of("ada"), RepeatRule.monthly(31, LocalTime.of(9, 0)), Map.of(), null, null,
                Instant.parse("2026-03-15T00:00:00Z")).get(0);
        assertThat(s.nextOccurrence()).isEqualTo(Instant.parse("2026-01-31T09:00:00Z"));
        kit.advance(Duration.ofDays(40));
        assertThat(n.schedules().get(s.id()).orElseThrow().nextOccurrence()).isEqualTo(Instant.parse("2026-02-28T09:00:00Z"));
        kit.advance(Duration.ofDays(40));
        assertThat(email.sent()).extracting(m -> m.message().createdAt().toString()).containsExactly("2026-01-31T09:00:00Z", "2026-02-28T09:00:00Z");
        assertThat(n.schedules().get(s.id()).orElseThrow().nextOccurrence()).isNull(); // March 31 is past the end
    }

    @Test
    void aRestartNeitherFiresTwiceNorLosesAnOccurrence() {
        Notifier first = notifier(summary());
        first.users().identify(user("ada"));
        first.schedules().create("summary", List.of("ada"), RepeatRule.hourly(0), Map.of(), null, null, null);
        kit.advance(Duration.ofHours(1)); // fires at 10:00
        assertThat(email.sent()).hasSize(1);
        first.close();
        // down for 90 minutes: the 11:00 occurrence is missed while no instance runs
        TestKit later = TestKit.startingAt(kit.now().plus(Duration.ofMinutes(90)));
        kit = later;
        notifier(summary());
        kit.runDue();
        assertThat(email.sent()).hasSize(2);
        kit.runDue();
        assertThat(email.sent()).hasSize(2);
        kit.advance(Duration.ofMinutes(30)); // 12:00
        assertThat(email.sent()).hasSize(3);
    }

    @Test
    void schedulesCanBeUpdatedListedAndDeleted() {
        Notifier n = notifier(summary());
        n.users().identifyAll(List.of(user("ada"), user("bob")));
        List<Schedule> made = n.schedules().create("summary", List.of("ada", "bob"), RepeatRule.daily(LocalTime.of(12, 0)), Map.of(), null, null, null);
        assertThat(made).hasSize(2);
        assertThat(n.schedules().list(null, 10)).hasSize(2);
        Schedule moved = n.schedules().update(made.get(0).id(), RepeatRule.daily(LocalTime.of(9, 30)));
        assertThat(moved.nextOccurrence()).isEqualTo(Instant.parse("2026-01-05T09:30:00Z"));
        assertThat(n.schedules().delete(made.get(1).id())).isTrue();
        kit.advance(Duration.ofHours(4));
        assertThat(email.sent()).extracting(m -> m.recipient().id()).containsExactly("ada");
    }

    @Test
    void invalidSchedulesAreRejected() {
        Notifier n = notifier(summary());
        assertThatThrownBy(() -> n.schedules().create("nope", List.of("ada"), RepeatRule.hourly(0), Map.of(), null, null, null))
                .isInstanceOf(UnknownWorkflowException.class);
        assertThatThrownBy(() -> RepeatRule.hourly(60)).isInstanceOf(InvalidInputException.class).hasMessageContaining("minute");
        assertThatThrownBy(() -> RepeatRule.daily(LocalTime.NOON).every(0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> RepeatRule.weekly(LocalTime.NOON)).isInstanceOf(InvalidInputException.class).hasMessageContaining("weekday");
        assertThatThrownBy(() -> RepeatRule.fromMap(Map.of("frequency", "yearly"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> n.schedules().create("summary", List.of("ada"), RepeatRule.hourly(0), Map.of(), null, null, kit.now().minusSeconds(1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("endsAt");
        assertThat(RepeatRule.fromMap(RepeatRule.weekly(LocalTime.of(7, 15), DayOfWeek.FRIDAY).every(3).toMap()))
                .isEqualTo(RepeatRule.weekly(LocalTime.of(7, 15), DayOfWeek.FRIDAY).every(3));
    }
}
