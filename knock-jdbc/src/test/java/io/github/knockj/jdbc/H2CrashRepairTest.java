package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.StoreException;
import io.github.knockj.core.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 file store marks the file open while it has it ({@code <name>.knock-open}), and a store that
 * finds the mark left by a process that died rebuilds knock's indexes and keys before it starts
 * (H2 can leave an index out of step with its table when killed: see {@code H2FileKillTest}).
 */
class H2CrashRepairTest {
    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("knock").toAbsolutePath();
    }

    private Path marker() {
        return dir.resolve("knock.knock-open");
    }

    private String url() {
        return "jdbc:h2:file:" + db();
    }

    /** Every index and key definition of the knock tables, as H2 prints it. */
    private List<String> definitions() throws Exception {
        return TestSql.strings(url(), "SCRIPT NODATA").stream()
                .filter(s -> s.startsWith("CREATE INDEX") || s.startsWith("CREATE UNIQUE INDEX") || s.contains(" ADD CONSTRAINT "))
                .sorted().toList();
    }

    @Test
    void theMarkIsThereWhileAStoreHasTheFileOpenAndGoneWhenTheLastOneClosed() {
        JdbcStore first = JdbcStore.h2File(db());
        assertThat(marker()).exists();
        JdbcStore second = JdbcStore.h2File(db());
        first.close();
        assertThat(marker()).as("another store still has the file open").exists();
        second.close();
        assertThat(marker()).doesNotExist();
    }

    @Test
    void aStoreFindingTheMarkOfADeadProcessRebuildsTheSameIndexesAndKeysAndKeepsTheRows() throws Exception {
        List<String> before;
        try (JdbcStore store = JdbcStore.h2File(db())) {
            store.mergeUsers(List.of(User.builder("u1").email("u1@example.com").build(), User.builder("u2").build()), Instant.now());
            before = definitions();
        }
        assertThat(before).hasSizeGreaterThan(40); // every table has a key, most have indexes
        Files.writeString(marker(), "left by a process that was killed");

        try (JdbcStore store = JdbcStore.h2File(db())) {
            assertThat(definitions()).isEqualTo(before);
            assertThat(store.findUsers(Set.of("u1", "u2")).keySet()).containsExactlyInAnyOrder("u1", "u2");
            assertThat(marker()).exists();
        }
        assertThat(marker()).doesNotExist();
    }

    @Test
    void aRebuildCutShortIsFinishedByTheNextStart() throws Exception {
        List<String> before;
        try (JdbcStore store = JdbcStore.h2File(db())) {
            before = definitions();
        }
        String create = before.stream().filter(s -> s.contains("\"KNOCK_JOBS_DUE\"")).findFirst().orElseThrow();
        // the process died after dropping an index and before creating it again
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            s.execute("DROP INDEX KNOCK_JOBS_DUE");
        }
        Files.writeString(marker(), "left by a process that was killed");
        Files.write(dir.resolve("knock.knock-rebuild.sql"), List.of("DROP INDEX IF EXISTS \"PUBLIC\".\"KNOCK_JOBS_DUE\"", create));

        try (JdbcStore store = JdbcStore.h2File(db())) {
            assertThat(definitions()).isEqualTo(before);
        }
        assertThat(dir.resolve("knock.knock-rebuild.sql")).doesNotExist();
    }

    @Test
    void aRebuildThatFailedIsTriedAgainByTheNextStoreOfTheSameJvm() throws Exception {
        List<String> before;
        try (JdbcStore store = JdbcStore.h2File(db())) {
            before = definitions();
        }
        Path plan = dir.resolve("knock.knock-rebuild.sql");
        Files.writeString(marker(), "left by a process that was killed");
        Files.write(plan, List.of("THIS IS NOT SQL"));
        assertThatThrownBy(() -> JdbcStore.h2File(db())).isInstanceOf(StoreException.class);

        Files.write(plan, List.of("DROP INDEX IF EXISTS \"PUBLIC\".\"KNOCK_JOBS_DUE\"",
                before.stream().filter(s -> s.contains("\"KNOCK_JOBS_DUE\"")).findFirst().orElseThrow()));
        try (JdbcStore store = JdbcStore.h2File(db())) {
            assertThat(plan).as("carried out by this store, not skipped as if another store had the file open").doesNotExist();
            assertThat(definitions()).isEqualTo(before);
        }
        assertThat(marker()).doesNotExist();
    }
}
