package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.memory.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A Notifier built with {@code workers(false)} (a web-only node) stores triggers and runs none of them. */
class WorkersOffTest {
    @Test
    void aNodeWithoutWorkersStoresTriggersAndLeavesTheirJobsToOtherNodes() {
        InMemoryStore store = InMemoryStore.create();
        RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL);
        Workflow welcome = Workflow.builder("welcome").step(Steps.channel("mail", "email").subject("Hi")).build();
        try (Notifier webOnly = Notifier.builder().store(store).channel("email", email).workflow(welcome)
                .pollInterval(Duration.ofMillis(20)).workers(false).build()) {
            webOnly.users().identify(User.builder("ada").email("ada@example.com").build());
            TriggerResult r = webOnly.trigger("welcome").recipients("ada").send();
            assertThat(store.findTrigger(r.triggerId())).isPresent();
            // the trigger's job was not leased to this node in advance: another node claims it
            Instant now = Instant.now();
            assertThat(store.claimJobs("worker-node", now, now.plusSeconds(30), 10)).hasSize(1);
            assertThat(email.sent()).isEmpty();
        }
    }
}
