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
 * <p>Arguments: JDBC URL, node id, and {@code trigger} to send the fan-out trigger at start, or
 * {@code hang} to send it with the default lease and a provider that records each call in table
 * {@code entered} and then never returns (for {@link CrashRecoveryTimeTest}: the instance dies
 * holding leases on deliveries).
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

    /**
     * Records deliveries in the database, once per idempotency key; or, if {@code hang}, records each
     * call in table {@code entered} and never returns, so the delivery stays leased until the JVM dies.
     */
    static final class RecordingDbProvider implements ChannelProvider {
        private final HikariDataSource ds;
        private final String node;
        private final boolean hang;

        RecordingDbProvider(HikariDataSource ds, String node, boolean hang) {
            this.ds = ds;
            this.node = node;
            this.hang = hang;
        }

        @Override
        public ChannelType type() {
            return ChannelType.EMAIL;
        }

        @Override
        public DeliveryResult send(OutboundMessage m) {
            try (Connection c = ds.getConnection()) {
                if (hang) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO entered (idempotency_key) VALUES (?)")) {
                        ps.setString(1, m.idempotencyKey());
                        ps.executeUpdate();
                    }
                    c.commit();
                    Thread.sleep(Long.MAX_VALUE);
                }
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
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryResult.retryable("interrupted", null);
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
        String mode = args.length > 2 ? args[2] : "";
        Notifier.Builder builder = Notifier.builder().store(store).nodeId(node).pollInterval(Duration.ofMillis(100))
                .channel("email", new RecordingDbProvider(ds, node, mode.equals("hang")))
                .limit("email", new io.github.knockj.core.ProviderLimits(1_000_000, Duration.ofSeconds(1), 8))
                .workflow(workflow());
        if (!mode.equals("hang")) builder.leaseDuration(Duration.ofSeconds(5));
        Notifier notifier = builder.build();
        if (mode.equals("trigger") || mode.equals("hang")) {
            notifier.trigger("crash").recipient(ObjectRef.of("crash", "all")).idempotencyKey("crash-fanout").data(Map.of()).send();
        }
        System.out.println("child " + node + " running");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private CrashChild() {}
}
