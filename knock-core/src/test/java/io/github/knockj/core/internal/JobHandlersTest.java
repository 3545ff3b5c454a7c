package io.github.knockj.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.Notifier;
import io.github.knockj.core.TestKit;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry of job handlers checks at startup that every job kind has exactly one handler. */
class JobHandlersTest {

    private static JobHandler.InChunk handlerOf(JobKind kind) {
        return new JobHandler.InChunk() {
            @Override
            public JobKind kind() {
                return kind;
            }

            @Override
            public void handle(Job job, ChangeSet cs, WorkChunk chunk) {}
        };
    }

    private static List<JobHandler> allBut(JobKind left) {
        List<JobHandler> out = new ArrayList<>();
        for (JobKind k : JobKind.values()) if (k != left) out.add(handlerOf(k));
        return out;
    }

    @Test
    void aJobKindWithoutAHandlerFailsAtStartup() {
        assertThatThrownBy(() -> new JobHandlers(null, allBut(JobKind.SCHEDULE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no handler for job kind(s) [SCHEDULE]");
    }

    @Test
    void twoHandlersForOneJobKindFailAtStartup() {
        List<JobHandler> handlers = allBut(null);
        handlers.add(handlerOf(JobKind.RUN));
        assertThatThrownBy(() -> new JobHandlers(null, handlers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("two handlers for job kind RUN");
    }

    @Test
    void theEngineHasAHandlerForEveryJobKind() {
        try (Notifier n = Notifier.builder().testKit(TestKit.create()).build()) {
            assertThat(n).isNotNull(); // built: the engine's registry passed its check
        }
    }
}
