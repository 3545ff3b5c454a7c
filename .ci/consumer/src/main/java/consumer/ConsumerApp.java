package consumer;

import io.github.knockj.channels.ConsoleProvider;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.Steps;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.jdbc.JdbcStore;
import io.github.knockj.micrometer.KnockMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs one workflow the way README.md shows, on H2 through knock-jdbc, with meters bound: exits
 * non-zero unless the email went to the provider, the message reads DELIVERED and the trigger counter
 * moved.
 */
public final class ConsumerApp {
    public static void main(String[] args) throws Exception {
        RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Notifier notifier = Notifier.builder()
                .store(JdbcStore.h2InMemory("consumer"))
                .channel("email", email)
                .channel("sms", ConsoleProvider.of(ChannelType.SMS))
                .workflow(Workflow.builder("welcome")
                        .step(Steps.channel("mail", "email").subject("Welcome, {{ recipient.name }}").html("<p>Hello {{ recipient.name }}</p>"))
                        .build())
                .build()) {
            KnockMetrics.of(notifier).bindTo(registry);
            notifier.users().identify(User.builder("u1").name("Ada").email("ada@example.com").build());
            TriggerResult r = notifier.trigger("welcome").recipients("u1").data(Map.of("plan", "pro")).send();

            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            List<Message> messages = List.of();
            while (Instant.now().isBefore(deadline)) {
                messages = notifier.runs().ofTrigger(r.triggerId(), 10).stream()
                        .flatMap(run -> notifier.runs().messages(run.id()).stream()).toList();
                if (!messages.isEmpty() && messages.get(0).status() == DeliveryStatus.DELIVERED) break;
                Thread.sleep(50);
            }
            check(email.sentContent("subject").equals(List.of("Welcome, Ada")), "provider saw " + email.sentContent("subject"));
            check(messages.size() == 1 && messages.get(0).status() == DeliveryStatus.DELIVERED, "messages " + messages);
            double triggers = registry.get(KnockMetrics.TRIGGERS).counter().count();
            check(triggers == 1.0, "knock.triggers = " + triggers);
            System.out.println("consumer OK: " + email.sentContent("subject") + " " + messages.get(0).status());
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("consumer FAILED: " + what);
            System.exit(1);
        }
    }
}
