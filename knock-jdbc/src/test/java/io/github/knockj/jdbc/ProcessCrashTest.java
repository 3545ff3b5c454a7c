package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.Subscription;
import io.github.knockj.core.User;
import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Notifier in a child JVM is killed with SIGKILL in the middle of a fan-out with delays and
 * batches; a new instance on the same PostgreSQL finishes every run. Every expected message reaches
 * the (idempotent, database-backed) provider; repeated calls are counted and can only come from
 * work the dead instance had in flight.
 */
class ProcessCrashTest {
    private static final int RECIPIENTS = 1_500;
    private static final int EXPECTED = RECIPIENTS * 2;

    private static Process child(String url, String node, boolean trigger) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), url, node));
        if (trigger) cmd.add("trigger");
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(new File("target/crash-child-" + node + ".log")).start();
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void await(String what, Duration timeout, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.call()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    @Test
    void aKilledInstancesWorkIsFinishedByAnotherWithNothingLost() throws Exception {
        String url = TestDatabases.newPostgresSchemaUrl();
        try (JdbcStore setup = JdbcStore.builder().url(url).maximumPoolSize(2).build()) {
            List<User> users = new ArrayList<>();
            List<Subscription> subs = new ArrayList<>();
            ObjectRef all = ObjectRef.of("crash", "all");
            for (int i = 0; i < RECIPIENTS; i++) {
                String id = String.format("u%05d", i);
                users.add(User.builder(id).email(id + "@example.com").build());
                subs.add(new Subscription(all, id, java.util.Map.of(), Instant.now()));
            }
            setup.mergeUsers(users, Instant.now());
            setup.subscribe(subs);
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE received (idempotency_key TEXT PRIMARY KEY, node TEXT NOT NULL)");
            s.execute("CREATE TABLE repeats (idempotency_key TEXT NOT NULL, node TEXT NOT NULL)");
        }

        Process first = child(url, "first", true);
        Process second = null;
        try {
            await("the first instance to get going", Duration.ofSeconds(90), () -> count(url, "SELECT count(*) FROM received") >= EXPECTED / 4);
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, leases left behind
            first.waitFor();
            long beforeRecovery = count(url, "SELECT count(*) FROM received");
            assertThat(beforeRecovery).isLessThan(EXPECTED);

            second = child(url, "second", false);
            await("every message to be delivered", Duration.ofSeconds(150), () -> count(url, "SELECT count(*) FROM received") == EXPECTED
                    && count(url, "SELECT count(*) FROM knock_jobs") == 0);

            assertThat(count(url, "SELECT count(*) FROM received")).isEqualTo(EXPECTED);
            assertThat(count(url, "SELECT count(*) FROM received WHERE node = 'second'")).isPositive();
            assertThat(count(url, "SELECT count(*) FROM knock_messages")).isEqualTo(EXPECTED);
            assertThat(count(url, "SELECT count(*) FROM knock_messages WHERE status <> 'DELIVERED'")).isZero();
            assertThat(count(url, "SELECT count(*) FROM knock_runs")).isEqualTo(RECIPIENTS + 1); // the object itself runs too
            assertThat(count(url, "SELECT count(*) FROM knock_runs WHERE status NOT IN ('COMPLETED')")).isZero();
            // a provider call repeats only for deliveries the killed instance had claimed and not committed
            long repeats = count(url, "SELECT count(*) FROM repeats");
            assertThat(repeats).isLessThanOrEqualTo(io.github.knockj.core.Notifier.Builder.DEFAULT_MAX_IN_FLIGHT);
            assertThat(count(url, "SELECT count(*) FROM repeats WHERE node = 'first'")).isZero();
            System.out.printf("crash test: %d delivered before the kill, %d repeated calls after recovery%n", beforeRecovery, repeats);
        } finally {
            first.destroyForcibly();
            if (second != null) second.destroyForcibly();
        }
    }
}
