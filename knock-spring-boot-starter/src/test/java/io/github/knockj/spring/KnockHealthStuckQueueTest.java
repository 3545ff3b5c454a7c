package io.github.knockj.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.Steps;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.Store;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

/**
 * A queue whose workers take no job: the application's own Notifier runs none
 * ({@code workers(false)}) while {@code knock.workers.enabled} says this instance should, so a due
 * job waits past {@code knock.health.stuck-after} and the indicator reports DOWN.
 */
@SpringBootTest(classes = KnockHealthStuckQueueTest.App.class, properties = {
        "knock.jdbc.enabled=false",
        "knock.health.stuck-after=1ms"})
class KnockHealthStuckQueueTest {
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Notifier knockNotifier(Store store) {
            return Notifier.builder().store(store)
                    .workflow(Workflow.builder("welcome").step(Steps.channel("mail", "email").subject("Welcome")).build())
                    .channel("email", RecordingProvider.of(ChannelType.EMAIL))
                    .workers(false)
                    .build();
        }
    }

    @Autowired Notifier notifier;
    @Autowired Store store;
    @Autowired KnockHealthIndicator knock;

    @Test
    void downWhenTheOldestDueJobWaitsLongerThanStuckAfter() {
        notifier.users().identify(User.builder("ada").email("ada@example.com").build());
        notifier.trigger("welcome").recipients("ada").send();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Health health = knock.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("queue", "stuck").containsEntry("stuckAfter", "PT0.001S");
            assertThat((Long) health.getDetails().get("jobs")).isPositive();
        });
    }

    @Test
    void aWebOnlyInstanceReportsTheQueueButStaysUp() {
        notifier.users().identify(User.builder("bob").email("bob@example.com").build());
        notifier.trigger("welcome").recipients("bob").send();
        KnockHealthIndicator webOnly = new KnockHealthIndicator(store, Clock.systemUTC(), Duration.ofMillis(1), false);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(webOnly.health().getDetails().get("oldestDueAge")).isNotEqualTo("PT0S"));
        Health health = webOnly.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("workers", false).doesNotContainKey("queue");
    }

    @Test
    void stuckAfterMustBePositive() {
        assertThatThrownBy(() -> new KnockHealthIndicator(store, Clock.systemUTC(), Duration.ZERO, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("knock.health.stuck-after must be positive, was PT0S");
    }
}
