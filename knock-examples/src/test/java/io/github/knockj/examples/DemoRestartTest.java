package io.github.knockj.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo on its H2 file database: the inbox survives a restart and the history is seeded once. */
class DemoRestartTest {
    @TempDir
    Path dir;

    @Test
    void theInboxSurvivesARestartOnTheH2File() throws Exception {
        InboxServer.Settings settings = InboxServer.Settings.defaults().withPort(0).withDatabaseFile(dir.resolve("knock-demo"));
        long total;
        try (InboxServer first = InboxServer.start(settings)) {
            FeedApiTest.eventually(() -> first.notifier().feed("ada", "in-app").counts().get("total") == 10);
            total = first.notifier().feed("ada", "in-app").counts().get("total");
        }
        try (InboxServer second = InboxServer.start(settings)) {
            DemoClient client = new DemoClient(second);
            DemoClient.Reply feed = client.get("/api/feed?pageSize=100", client.signIn("ada"));
            assertThat(feed.status()).isEqualTo(200);
            assertThat(feed.body().get("items")).hasSize((int) total);
        }
    }
}
