package io.github.knockj.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 3's second baseline: db-scheduler 16.12.0 running the same deliveries as one-time tasks
 * on the same database, polling with lock-and-fetch ({@code FOR UPDATE SKIP LOCKED}) and its default
 * 10 threads. Each task does what the engine's delivery does with a no-op provider: marks its message
 * delivered and adds one event, in its own transaction; db-scheduler then removes the finished task.
 * The tasks are scheduled (untimed) before the scheduler starts; the time runs from its start until
 * every task has run.
 */
final class DbSchedulerBaseline {
    static final int THREADS = 10;

    private DbSchedulerBaseline() {}

    /** Deliveries per second for the messages of {@code schema}'s {@code knock_messages} (copied first). */
    static double run(Postgres pg, String schema, int n) throws Exception {
        try (Connection c = pg.connect(schema); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE dbs_messages (LIKE knock_messages INCLUDING ALL)");
            s.execute("CREATE TABLE dbs_events (LIKE knock_message_events INCLUDING ALL)");
            s.execute("INSERT INTO dbs_messages SELECT * FROM knock_messages");
            // db-scheduler's PostgreSQL table, as its documentation gives it
            s.execute("CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data BYTEA,"
                    + " execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT,"
                    + " last_success TIMESTAMP WITH TIME ZONE, last_failure TIMESTAMP WITH TIME ZONE, consecutive_failures INT,"
                    + " last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL, priority SMALLINT,"
                    + " PRIMARY KEY (task_name, task_instance))");
            s.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
            s.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
            s.execute("CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.url(schema));
        config.setMaximumPoolSize(THREADS + 2);
        AtomicLong done = new AtomicLong();
        try (HikariDataSource ds = new HikariDataSource(config)) {
            OneTimeTask<Void> deliver = Tasks.oneTime("deliver").execute((instance, context) -> {
                markDelivered(ds, instance.getId());
                done.incrementAndGet();
            });
            List<String> messageIds = new ArrayList<>(n);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT id FROM dbs_messages")) {
                while (rs.next()) messageIds.add(rs.getString(1));
            }
            if (messageIds.size() != n) throw new IllegalStateException("expected " + n + " messages, found " + messageIds.size());
            Scheduler scheduler = Scheduler.create(ds, deliver)
                    .threads(THREADS)
                    .pollUsingLockAndFetch(0.5, 1.0)
                    .pollingInterval(Duration.ofMillis(500))
                    .shutdownMaxWait(Duration.ofSeconds(5))
                    .build();
            List<TaskInstance<?>> instances = new ArrayList<>(n);
            for (String id : messageIds) instances.add(deliver.instance(id));
            Instant due = Instant.now().minusSeconds(1);
            for (int from = 0; from < n; from += 1_000) scheduler.scheduleBatch(instances.subList(from, Math.min(n, from + 1_000)), due);
            pg.checkpoint();

            Duration timeout = Duration.ofMinutes(10).plusSeconds(n / 300);
            long t0 = System.nanoTime();
            scheduler.start();
            try {
                long deadline = t0 + timeout.toNanos();
                while (done.get() < n) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("db-scheduler ran " + done.get() + " of " + n + " tasks in " + timeout);
                    TimeUnit.MILLISECONDS.sleep(1);
                }
                double secs = Bench.secondsSince(t0);
                return n / secs;
            } finally {
                scheduler.stop();
            }
        }
    }

    private static void markDelivered(HikariDataSource ds, String messageId) {
        long now = System.currentTimeMillis();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement status = c.prepareStatement(
                    "UPDATE dbs_messages SET status = 'DELIVERED', attempts = attempts + 1, updated_at = ? WHERE id = ?");
                 PreparedStatement event = c.prepareStatement(
                         "INSERT INTO dbs_events (message_id, occurred_at, event_type, detail) VALUES (?, ?, 'DELIVERED', 'via bench-noop')")) {
                status.setLong(1, now);
                status.setString(2, messageId);
                if (status.executeUpdate() != 1) throw new IllegalStateException("no message " + messageId);
                event.setString(1, messageId);
                event.setLong(2, now);
                event.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("delivering " + messageId + " failed", e);
        }
    }
}
