package io.github.knockj.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.Steps;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/** The {@code knock} health indicator of an application on H2: UP while the store answers and jobs run, DOWN once the store is unreachable. */
@SpringBootTest(classes = KnockHealthIndicatorTest.App.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:knock-health;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "knock.poll-interval=50ms"})
class KnockHealthIndicatorTest {
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Workflow welcome() {
            return Workflow.builder("welcome").step(Steps.channel("mail", "email").subject("Welcome")).build();
        }

        @Bean
        RecordingProvider email() {
            return RecordingProvider.of(ChannelType.EMAIL);
        }
    }

    @Autowired Notifier notifier;
    @Autowired RecordingProvider email;
    @Autowired DataSource dataSource;
    @Autowired HealthContributorRegistry registry;

    @Test
    void upWithTheQueueFiguresWhileTheStoreAnswersAndWorkersRunTheJobs() {
        assertThat(registry.getContributor("knock")).isInstanceOf(KnockHealthIndicator.class);
        KnockHealthIndicator knock = (KnockHealthIndicator) registry.getContributor("knock");
        notifier.users().identify(User.builder("ada").email("ada@example.com").build());
        notifier.trigger("welcome").recipients("ada").send();
        await().atMost(Duration.ofSeconds(20)).until(() -> email.sent().size() == 1);

        Health health = knock.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsKeys("jobs", "oldestDueAge")
                .containsEntry("stuckAfter", "PT5M").containsEntry("workers", true);
    }

    @Test
    @DirtiesContext
    void downWhenTheStoreCannotBeRead() {
        ((HikariDataSource) dataSource).close();

        Health health = ((KnockHealthIndicator) registry.getContributor("knock")).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("store", "unreachable").containsKey("error");
    }
}
