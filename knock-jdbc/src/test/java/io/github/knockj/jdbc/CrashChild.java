package io.github.knockj.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.Steps;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * A Notifier in its own JVM for {@link ProcessCrashTest}: it runs until it is killed. Its provider
 * records every message it receives in table {@code received} (outside the engine's tables), keyed
 * by idempotency key, and counts repeated keys in {@code repeats}, as an idempotent provider would.
 *
 * <p>Arguments: JDBC URL, node id, and {@code trigger} to send the fan-out trigger at start.
 */
public final class CrashChild {
    static Workflow workflow() {
        return Workflow.builder("crash")
                .step(Steps.channel("first", "email").subject("hello {{ recipient.id }}"))
                .step(Steps.delay("wait", Duration.ofSeconds(2)))
                .step(Steps.batch("digest").window(Duration.ofSeconds(2)))
                .step(Steps.channel("second", "email").subject("{{ total_activities }} update"))
                .build();
    }

    /** Records deliveries in the database, once per idempotency key. */
    static final class RecordingDbProvider implements ChannelProvider {
        private final HikariDataSource ds;
        private final String node;

        RecordingDbProvider(HikariDataSource ds, String node) {
            this.ds = ds;
            this.node = node;
        }

        @Override
        public ChannelType type() {
            return ChannelType.EMAIL;
        }

        @Override
        public DeliveryResult send(OutboundMessage m) {
            try (Connection c = ds.getConnection()) {
                int inserted;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO received (idempotency_key, node) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                    ps.setString(1, m.idempotencyKey());
                    ps.setString(2, node);
                    inserted = ps.executeUpdate();
                }
                if (inserted == 0) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO repeats (idempotency_key, node) VALUES (?, ?)")) {
                        ps.setString(1, m.idempotencyKey());
                        ps.setString(2, node);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return DeliveryResult.delivered(null);
            } catch (SQLException e) {
                return DeliveryResult.retryable(e.getMessage(), null);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String node = args[1];
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setAutoCommit(false);
        cfg.setMaximumPoolSize(8);
        HikariDataSource ds = new HikariDataSource(cfg);
        JdbcStore store = JdbcStore.builder().url(url).maximumPoolSize(6).build();
        Notifier notifier = Notifier.builder().store(store).nodeId(node)
                .leaseDuration(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .channel("email", new RecordingDbProvider(ds, node))
                .limit("email", new io.github.knockj.core.ProviderLimits(1_000_000, Duration.ofSeconds(1), 8))
                .workflow(workflow())
                .build();
        if (args.length > 2 && args[2].equals("trigger")) {
            notifier.trigger("crash").recipient(ObjectRef.of("crash", "all")).idempotencyKey("crash-fanout").data(Map.of()).send();
        }
        System.out.println("child " + node + " running");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private CrashChild() {}
}
