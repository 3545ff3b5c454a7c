package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.Steps;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a Notifier leaves its H2 file store open and usable. H2 closes the whole database when a
 * thread is interrupted during file I/O, and {@code Notifier.close()} used to interrupt its poller
 * and heartbeat wherever they were, often in the middle of a claim: the store's next call then
 * failed with "The database has been closed".
 */
class NotifierCloseTest {
    @TempDir
    Path dir;

    @Test
    void closingANotifierInTheMiddleOfItsWorkLeavesTheH2FileStoreUsable() throws Exception {
        Workflow workflow = Workflow.builder("close").step(Steps.channel("mail", "email").subject("hi {{ recipient.id }}")).build();
        RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL);
        int sent = 0;
        try (JdbcStore store = JdbcStore.h2File(dir.resolve("knock"))) {
            for (int round = 0; round < 12; round++) {
                Notifier notifier = Notifier.builder().store(store).pollInterval(Duration.ofMillis(1))
                        .leaseDuration(Duration.ofMillis(300)).channel("email", email).workflow(workflow).build();
                for (int i = 0; i < 40; i++, sent++) {
                    notifier.trigger("close").recipient(User.builder("u" + sent).email("u" + sent + "@example.com").build()).send();
                }
                notifier.close(); // while the poller claims and the heartbeat renews
                int closedInRound = round;
                assertThatCode(store::countJobs).as("the store after the notifier closed in round %d", closedInRound)
                        .doesNotThrowAnyException();
            }
            try (Notifier last = Notifier.builder().store(store).pollInterval(Duration.ofMillis(10)).channel("email", email)
                    .workflow(workflow).build()) {
                Instant deadline = Instant.now().plusSeconds(60);
                while (store.countJobs() > 0) {
                    assertThat(Instant.now()).as("the last notifier finished the work").isBefore(deadline);
                    Thread.sleep(20);
                }
            }
        }
        assertThat(email.sent().stream().map(m -> m.message().recipient()).distinct().count())
                .as("every recipient got the message").isEqualTo(sent);
    }
}
