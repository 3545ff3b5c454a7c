package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code date} filter's {@code "now"} and {@code "today"} are the Notifier's clock, in UTC as
 * every other date the filter reads: a message sent after a delay shows the time it was rendered
 * at, and tests on a settable clock render deterministic text.
 */
class TemplateClockTest {
    private final TestKit kit = TestKit.create();
    private final RecordingProvider sms = RecordingProvider.of(ChannelType.SMS);

    @Test
    void nowAndTodayInTheDateFilterAreTheNotifiersClockInUtc() {
        kit.clock().set(Instant.parse("2031-04-05T06:07:08Z"));
        try (Notifier n = Notifier.builder().testKit(kit).channel("sms", sms)
                .workflow(Workflow.builder("stamp")
                        .step(Steps.channel("text", "sms").body("at {{ 'now' | date: '%Y-%m-%d %H:%M:%S' }} on {{ 'today' | date: '%d %b' }}"))
                        .step(Steps.delay("wait", Duration.ofHours(30)))
                        .step(Steps.channel("again", "sms").body("{{ \"now\" | date: \"%Y-%m-%dT%H:%M\" }}"))
                        .build())
                .build()) {
            n.users().identify(User.builder("ada").phoneNumber("+15550100").build());
            n.trigger("stamp").recipients("ada").send();
            kit.runDue();
            kit.advance(Duration.ofHours(30));

            assertThat(sms.sent()).extracting(s -> s.message().content().get("body"))
                    .containsExactly("at 2031-04-05 06:07:08 on 05 Apr", "2031-04-06T12:07");
            TemplatePreview p = n.preview("stamp", "again", Recipient.user("ada"), Map.of());
            assertThat(p.content().get("body")).isEqualTo("2031-04-06T12:07");
        }
    }

    @Test
    void aBatchKeyMadeFromTodayStartsANewBatchOnTheNotifiersNextDay() {
        kit.clock().set(Instant.parse("2031-04-05T23:00:00Z"));
        try (Notifier n = Notifier.builder().testKit(kit).channel("sms", sms)
                .workflow(Workflow.builder("daily")
                        .step(Steps.batch("day").window(Duration.ofHours(2)).key("{{ 'today' | date: '%F' }}"))
                        .step(Steps.channel("text", "sms").body("{{ total_activities }}"))
                        .build())
                .build()) {
            n.users().identify(User.builder("ada").phoneNumber("+15550100").build());
            n.trigger("daily").recipients("ada").send();
            kit.runDue();
            kit.advance(Duration.ofMinutes(59));
            n.trigger("daily").recipients("ada").send(); // 23:59, same day: same batch
            kit.runDue();
            kit.advance(Duration.ofMinutes(2));
            n.trigger("daily").recipients("ada").send(); // 00:01 the next day: a batch of its own
            kit.runDue();
            kit.advance(Duration.ofHours(3));

            assertThat(sms.sent()).extracting(s -> s.message().content().get("body")).containsExactly("2", "1");
        }
    }
}
