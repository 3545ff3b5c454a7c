package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.knockj.core.Notifier;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * How long a dead instance's work waits: a Notifier in a child JVM, with the default lease, is
 * killed with SIGKILL while its provider calls hang (so it dies holding leases it kept renewing); a
 * new instance with a new node id, started at once on the same PostgreSQL, must finish every run
 * within {@link #BOUND} of the kill. Real time, bounded waits; the recovery itself takes about 30 s.
 */
class CrashRecoveryTimeTest {
    private static final int RECIPIENTS = 20;
    /**
     * The bound README.md promises for the default lease of 30 s, with 15 s for the rest of the
     * workflow (a 2 s delay and a 2 s batch window) on a busy machine.
     */
    private static final Duration BOUND = Duration.ofSeconds(45);

    /** Polls {@code done} until it holds; fails, saying {@code what}, once {@code bound} has passed since {@code start} (System.nanoTime). */
    private static void awaitWithin(long start, Duration bound, Callable<String> what, Callable<Boolean> done) throws Exception {
        while (!done.call()) {
            if (System.nanoTime() - start > bound.toNanos()) throw new AssertionError("waited " + bound + " for " + what.call());
            Thread.sleep(100);
        }
    }

    @Test
    void aRestartedInstanceFinishesTheWorkAKilledOneHeldWithinTheDefaultLease() throws Exception {
        String url = ProcessCrashTest.crashSchema(RECIPIENTS);
        Process first = ProcessCrashTest.child(url, "first", "hang");
        try {
            awaitWithin(System.nanoTime(), Duration.ofSeconds(120), () -> "the first instance to call its provider",
                    () -> TestSql.count(url, "SELECT count(*) FROM entered") > 0
                            && TestSql.count(url, "SELECT count(*) FROM knock_jobs WHERE owner = 'first' AND kind = 'DELIVER'") > 0);
        } finally {
            first.destroyForcibly(); // SIGKILL: its delivery leases are left behind
            first.waitFor();
        }
        long killedAt = System.nanoTime();
        long leftBehind = TestSql.count(url, "SELECT count(*) FROM knock_jobs WHERE owner = 'first'");
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setAutoCommit(false);
        cfg.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(cfg);
             JdbcStore store = JdbcStore.builder().url(url).maximumPoolSize(6).build();
             Notifier second = Notifier.builder().store(store).nodeId("second")
                     .channel("email", new CrashChild.RecordingDbProvider(ds, "second", false)).workflow(CrashChild.workflow()).build()) {
            awaitWithin(killedAt, BOUND, () -> "every run to finish after the kill: " + TestSql.count(url, "SELECT count(*) FROM received")
                            + " of " + RECIPIENTS * 2 + " delivered, " + TestSql.count(url, "SELECT count(*) FROM knock_jobs") + " jobs left",
                    () -> TestSql.count(url, "SELECT count(*) FROM received") == RECIPIENTS * 2L
                            && TestSql.count(url, "SELECT count(*) FROM knock_jobs") == 0);
            long recoveredMs = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.printf("crash recovery: %d jobs leased to the killed instance; all %d messages delivered %d ms after the kill%n",
                    leftBehind, RECIPIENTS * 2, recoveredMs);
            assertThat(leftBehind).isPositive();
            assertThat(TestSql.count(url, "SELECT count(*) FROM knock_messages WHERE status <> 'DELIVERED'")).isZero();
            assertThat(TestSql.count(url, "SELECT count(*) FROM knock_runs WHERE status <> 'COMPLETED'")).isZero();
        }
    }
}
