package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.RunChanges;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run's log lives in a column of its run row (V5), written by the statement that writes the run;
 * entries of runs written before the upgrade stay in {@code knock_run_log} and read first.
 */
class RunLogColumnTest {
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static String url(String database) {
        return database.equals("h2") ? "jdbc:h2:mem:knock_rl" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000"
                : TestDatabases.newPostgresSchemaUrl();
    }

    private static WorkflowRun run(String id, RunStatus status, long version) {
        return new WorkflowRun(id, "T1", "wf", Recipient.user("u-" + id), null, null, Map.of(), "ck", status, "step", Map.of(), 0, false,
                T0, T0.plusSeconds(version), version);
    }

    private static RunLogEntry entry(String runId, int second, String stepRef, Outcome outcome, String detail) {
        return new RunLogEntry(runId, T0.plusSeconds(second), stepRef, outcome, detail);
    }

    private static void commit(JdbcStore store, WorkflowRun run, boolean isNew, List<RunLogEntry> log) {
        RunChanges rc = new RunChanges(run, isNew);
        rc.log().addAll(log);
        ChangeSet cs = new ChangeSet(null);
        cs.runs().add(rc);
        assertThat(store.commit(cs).skippedRuns()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aCommittedRunsLogTakesNoRowsOfItsOwn(String database) throws SQLException {
        String url = url(database);
        try (JdbcStore store = JdbcStore.builder().url(url).build()) {
            List<RunLogEntry> first = List.of(entry("R1", 0, null, Outcome.RUN_STARTED, null),
                    entry("R1", 0, "email", Outcome.MESSAGE_QUEUED, "message M1 queued on 'email'"));
            commit(store, run("R1", RunStatus.ACTIVE, 1), true, first);
            List<RunLogEntry> second = List.of(entry("R1", 1, "delay", Outcome.DELAYED, "until tomorrow"));
            commit(store, run("R1", RunStatus.PAUSED, 2), false, second);
            commit(store, run("R1", RunStatus.ACTIVE, 3), false, List.of());
            commit(store, run("R1", RunStatus.COMPLETED, 4), false, List.of(entry("R1", 2, null, Outcome.RUN_COMPLETED, null)));

            assertThat(store.runLog("R1")).containsExactly(first.get(0), first.get(1), second.get(0),
                    entry("R1", 2, null, Outcome.RUN_COMPLETED, null));
            assertThat(TestSql.count(url, "SELECT count(*) FROM knock_run_log")).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aSkippedRunChangeWritesNoLog(String database) {
        try (JdbcStore store = JdbcStore.builder().url(url(database)).build()) {
            commit(store, run("R1", RunStatus.ACTIVE, 1), true, List.of(entry("R1", 0, null, Outcome.RUN_STARTED, null)));
            RunChanges stale = new RunChanges(run("R1", RunStatus.COMPLETED, 5), false);
            stale.log().add(entry("R1", 1, null, Outcome.RUN_COMPLETED, null));
            RunChanges again = new RunChanges(run("R1", RunStatus.ACTIVE, 1), true);
            again.log().add(entry("R1", 1, null, Outcome.RUN_STARTED, "again"));
            ChangeSet cs = new ChangeSet(null);
            cs.runs().add(stale);
            cs.runs().add(again);
            assertThat(store.commit(cs).skippedRuns()).containsExactlyInAnyOrder("R1");

            assertThat(store.runLog("R1")).containsExactly(entry("R1", 0, null, Outcome.RUN_STARTED, null));
        }
    }

    /**
     * Core logs only a run's own entries in its changes; an entry naming another run is filed under
     * the run of its changes (as the in-memory store files it), and reads back with that run's id,
     * since a line of the column holds no run id.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anEntryIsFiledUnderTheRunOfItsChanges(String database) {
        try (JdbcStore store = JdbcStore.builder().url(url(database)).build()) {
            commit(store, run("R2", RunStatus.ACTIVE, 1), true, List.of());
            commit(store, run("R1", RunStatus.ACTIVE, 1), true, List.of(entry("R2", 0, null, Outcome.RUN_STARTED, "named R2")));

            assertThat(store.runLog("R1")).containsExactly(entry("R1", 0, null, Outcome.RUN_STARTED, "named R2"));
            assertThat(store.runLog("R2")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRunLoggedBeforeTheUpgradeKeepsItsRowsFirstThenItsNewEntries(String database) throws SQLException {
        String url = url(database);
        try (JdbcStore store = JdbcStore.builder().url(url).build()) {
            commit(store, run("R1", RunStatus.ACTIVE, 1), true, List.of());
            commit(store, run("R2", RunStatus.ACTIVE, 1), true, List.of());
            // as V4 code wrote them: a row per entry
            try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO knock_run_log (run_id, logged_at, step_ref, outcome, detail) VALUES (?, ?, ?, ?, ?)")) {
                for (RunLogEntry e : List.of(entry("R1", 0, null, Outcome.RUN_STARTED, null),
                        entry("R2", 0, null, Outcome.RUN_STARTED, "other run"),
                        entry("R1", 1, "email", Outcome.MESSAGE_QUEUED, "old\nrow"))) {
                    ps.setString(1, e.runId());
                    ps.setLong(2, e.at().toEpochMilli());
                    ps.setString(3, e.stepRef());
                    ps.setString(4, e.outcome().name());
                    ps.setString(5, e.detail());
                    ps.executeUpdate();
                }
            }
            commit(store, run("R1", RunStatus.PAUSED, 2), false, List.of(entry("R1", 2, "delay", Outcome.DELAYED, "until later")));
            List<WorkflowRun> cancelled = store.cancelRuns(new Cancellation("wf", "ck", List.of(), T0.plusSeconds(3)), T0.plusSeconds(3));
            assertThat(cancelled).extracting(WorkflowRun::id).containsExactlyInAnyOrder("R1", "R2");

            String cancelDetail = "cancelled by key ck";
            assertThat(store.runLog("R1")).containsExactly(entry("R1", 0, null, Outcome.RUN_STARTED, null),
                    entry("R1", 1, "email", Outcome.MESSAGE_QUEUED, "old\nrow"), entry("R1", 2, "delay", Outcome.DELAYED, "until later"),
                    entry("R1", 3, null, Outcome.RUN_CANCELLED, cancelDetail));
            assertThat(store.runLog("R2")).containsExactly(entry("R2", 0, null, Outcome.RUN_STARTED, "other run"),
                    entry("R2", 3, null, Outcome.RUN_CANCELLED, cancelDetail));
            assertThat(TestSql.count(url, "SELECT count(*) FROM knock_run_log")).as("new entries never go to the old table").isEqualTo(3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void detailTextWithNewlinesQuotesAndUnicodeReadsBackExactly(String database) {
        try (JdbcStore store = JdbcStore.builder().url(url(database)).build()) {
            List<String> details = List.of("two\nlines\r\nand a tab\t", "\"quoted\" and \\backslash\\ and ]\",[", "ünïcødé ✓ 🚀 \u2028 \u0001 and a NUL \u0000",
                    "", "   leading and trailing spaces   ", "[1,null,\"RUN_STARTED\",null]\n");
            List<RunLogEntry> log = new java.util.ArrayList<>();
            for (int i = 0; i < details.size(); i++) log.add(entry("R1", i, i % 2 == 0 ? "step \"" + i + "\"\n" : null, Outcome.FETCHED, details.get(i)));
            commit(store, run("R1", RunStatus.ACTIVE, 1), true, log.subList(0, 3));
            commit(store, run("R1", RunStatus.ACTIVE, 2), false, log.subList(3, log.size()));

            assertThat(store.runLog("R1")).containsExactlyElementsOf(log);
            assertThat(store.runLog("nope")).isEmpty();
        }
    }
}
