package io.github.knockj.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Message;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.Steps;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.NotifierListener;
import io.github.knockj.core.spi.Store;
import io.github.knockj.micrometer.KnockMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration without a DataSource: beans wired from the context, properties bound, shutdown. */
class KnockAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KnockAutoConfiguration.class))
            .withPropertyValues("knock.poll-interval=50ms");

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        final List<Message> created = new CopyOnWriteArrayList<>();

        @Bean
        Workflow welcome() {
            return Workflow.builder("welcome")
                    .step(Steps.channel("mail", "email").subject("Welcome {{ recipient.id }}"))
                    .step(Steps.channel("text", "sms").body("Welcome"))
                    .build();
        }

        @Bean
        RecordingProvider email() {
            return RecordingProvider.of(ChannelType.EMAIL);
        }

        @Bean
        @KnockChannel("sms")
        RecordingProvider twilio() {
            return RecordingProvider.of(ChannelType.SMS);
        }

        @Bean
        NotifierListener recordingListener() {
            return new NotifierListener() {
                @Override
                public void onMessageCreated(Message message) {
                    created.add(message);
                }
            };
        }
    }

    @Test
    void workflowsChannelsByNameOrKeyAndListenersFromTheContextDeliver() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Store.class)).isInstanceOf(InMemoryStore.class);
            Notifier notifier = context.getBean(Notifier.class);
            notifier.users().identify(User.builder("ada").email("ada@example.com").phoneNumber("+15555550100").build());
            notifier.trigger("welcome").recipients("ada").send();
            RecordingProvider email = context.getBean("email", RecordingProvider.class);
            RecordingProvider sms = context.getBean("twilio", RecordingProvider.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(email.sentContent("subject")).containsExactly("Welcome ada");
                assertThat(sms.sent()).hasSize(1);
                assertThat(context.getBean(Beans.class).created).hasSize(2);
            });
        });
    }

    @Test
    void knockPropertiesBindAndAWebOnlyNodeRunsNoJobs() {
        runner.withUserConfiguration(Beans.class)
                .withPropertyValues("knock.lease-duration=12s", "knock.max-in-flight=7", "knock.retention=30d",
                        "knock.node-id=web-1", "knock.workers.enabled=false", "knock.workers.threads=3",
                        "knock.jdbc.migrate=false", "knock.jdbc.cache-ttl=0s")
                .run(context -> {
                    KnockProperties p = context.getBean(KnockProperties.class);
                    assertThat(p.getLeaseDuration()).isEqualTo(Duration.ofSeconds(12));
                    assertThat(p.getMaxInFlight()).isEqualTo(7);
                    assertThat(p.getRetention()).isEqualTo(Duration.ofDays(30));
                    assertThat(p.getNodeId()).isEqualTo("web-1");
                    assertThat(p.getWorkers().isEnabled()).isFalse();
                    assertThat(p.getWorkers().getThreads()).isEqualTo(3);
                    assertThat(p.getJdbc().isMigrate()).isFalse();
                    assertThat(p.getJdbc().getCacheTtl()).isEqualTo(Duration.ZERO);

                    Notifier notifier = context.getBean(Notifier.class);
                    notifier.users().identify(User.builder("ada").email("ada@example.com").phoneNumber("+15555550100").build());
                    notifier.trigger("welcome").recipients("ada").send();
                    // workers off: the trigger's job was left for another node, not run here
                    Instant now = Instant.now();
                    assertThat(context.getBean(Store.class).claimJobs("worker-node", now, now.plusSeconds(30), 10)).hasSize(1);
                    assertThat(context.getBean("email", RecordingProvider.class).sent()).isEmpty();
                });
    }

    @Test
    void theNotifiersSpansAreObservationsInTheContextsObservationRegistry() {
        io.micrometer.observation.ObservationRegistry registry = io.micrometer.observation.ObservationRegistry.create();
        List<String> stopped = new CopyOnWriteArrayList<>();
        registry.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
            @Override
            public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(io.micrometer.observation.Observation.Context context) {
                stopped.add(context.getName());
            }
        });
        runner.withUserConfiguration(Beans.class).withBean(io.micrometer.observation.ObservationRegistry.class, () -> registry).run(context -> {
            Notifier notifier = context.getBean(Notifier.class);
            notifier.users().identify(User.builder("ada").email("ada@example.com").phoneNumber("+15555550100").build());
            notifier.trigger("welcome").recipients("ada").send();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(stopped).contains("knock.trigger", "knock.run").filteredOn("knock.delivery"::equals).hasSize(2));
        });
        runner.withUserConfiguration(Beans.class).withClassLoader(new FilteredClassLoader(io.github.knockj.micrometer.KnockObservations.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("knockObservationsCustomizer"));
    }

    @Test
    void theMetersAreAMeterBinderBeanWhenKnockMicrometerIsOnTheClasspath() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(KnockAutoConfiguration.KnockMeterBinder.class).bindTo(registry);
            Notifier notifier = context.getBean(Notifier.class);
            notifier.users().identify(User.builder("ada").email("ada@example.com").phoneNumber("+15555550100").build());
            notifier.trigger("welcome").recipients("ada").send();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(registry.get(KnockMetrics.TRIGGERS).tag("workflow", "welcome").counter().count()).isEqualTo(1.0));
        });
        runner.withUserConfiguration(Beans.class).withClassLoader(new FilteredClassLoader(KnockMetrics.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("knockMeterBinder"));
    }

    @Test
    void twoChannelProvidersWithOneKeyFailNamingBoth() {
        runner.withUserConfiguration(Beans.class)
                .withBean("sms", RecordingProvider.class, () -> RecordingProvider.of(ChannelType.SMS))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("channel key 'sms'").hasMessageContaining("'twilio'"));
    }

    @Test
    void closingTheContextShutsTheNotifierDown() {
        long pollersBefore = pollers();
        AtomicReference<Long> pollersWhileOpen = new AtomicReference<>();
        runner.withUserConfiguration(Beans.class).run(context -> {
            context.getBean(Notifier.class);
            pollersWhileOpen.set(pollers());
        });
        assertThat(pollersWhileOpen.get()).isEqualTo(pollersBefore + 1);
        assertThat(pollers()).isEqualTo(pollersBefore);
    }

    private static long pollers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("knock-poller")).count();
    }

    @Configuration(proxyBeanMethods = false)
    static class VarsBeans {
        @Bean
        Workflow plan() {
            return Workflow.builder("plan").step(Steps.channel("text", "sms").body("{{ vars.company.name }} ({{ vars.plan }}){{ data.extra }}")).build();
        }

        @Bean
        RecordingProvider sms() {
            return RecordingProvider.of(ChannelType.SMS);
        }
    }

    @Test
    void templateVariablesAndStrictTemplatesAreBoundFromProperties() {
        runner.withUserConfiguration(VarsBeans.class)
                .withPropertyValues("knock.template-variables.company.name=Acme", "knock.template-variables.plan=pro")
                .run(context -> {
                    Notifier notifier = context.getBean(Notifier.class);
                    var p = notifier.preview("plan", "text", io.github.knockj.core.Recipient.user("ada"), null);
                    assertThat(p.content().get("body")).isEqualTo("Acme (pro)");
                });
        runner.withUserConfiguration(VarsBeans.class)
                .withPropertyValues("knock.template-variables.company.name=Acme", "knock.template-variables.plan=pro", "knock.strict-templates=true")
                .run(context -> org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.getBean(Notifier.class)
                                .preview("plan", "text", io.github.knockj.core.Recipient.user("ada"), null))
                        .isInstanceOf(io.github.knockj.core.TemplateRenderException.class).hasMessageContaining("data.extra"));
    }
}
