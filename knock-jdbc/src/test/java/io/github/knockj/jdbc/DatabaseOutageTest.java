package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.Steps;
import io.github.knockj.core.StoreException;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL is stopped and started again while work is in flight: triggers during the outage fail
 * with a clear exception, the engine backs off and resumes, and nothing is lost.
 */
class DatabaseOutageTest {
    private static final int RECIPIENTS = 300;

    private static EmbeddedPostgres start(Path dir, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port).start();
    }

    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void workInFlightSurvivesADatabaseRestart() throws Exception {
        Path dir = Files.createTempDirectory("knock-outage-pg");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = start(dir, port);
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        cfg.setAutoCommit(false);
        cfg.setMaximumPoolSize(6);
        cfg.setConnectionTimeout(1_000);
        cfg.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(cfg);
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();
        ChannelProvider email = new ChannelProvider() {
            @Override
            public ChannelType type() {
                return ChannelType.EMAIL;
            }

            @Override
            public DeliveryResult send(OutboundMessage m) {
                calls.incrementAndGet();
                delivered.add(m.idempotencyKey());
                return DeliveryResult.delivered(null);
            }
        };
        JdbcStore store = JdbcStore.builder().dataSource(ds).cacheTtl(Duration.ZERO).build();
        Notifier notifier = Notifier.builder().store(store).pollInterval(Duration.ofMillis(100)).leaseDuration(Duration.ofSeconds(30))
                .channel("email", email)
                .workflow(Workflow.builder("w").step(Steps.delay("wait", Duration.ofSeconds(2))).step(Steps.channel("mail", "email").subject("hi")).build())
                .build();
        try {
            List<User> users = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < RECIPIENTS; i++) {
                ids.add("u" + i);
                users.add(User.builder("u" + i).email("u" + i + "@example.com").build());
            }
            notifier.users().identifyAll(users);
            for (int i = 0; i < RECIPIENTS; i += 100) notifier.trigger("w").recipients(ids.subList(i, i + 100)).send();
            await("the runs to start", Duration.ofSeconds(30), () -> store.countJobs() >= RECIPIENTS);

            pg.close(); // the database goes away with runs paused in their delay
            assertThatThrownBy(() -> notifier.trigger("w").recipients("u0").send()).isInstanceOf(StoreException.class);
            Thread.sleep(3_000); // the delays come due while the database is down
            pg = start(dir, port);

            await("every message after the restart", Duration.ofSeconds(60), () -> delivered.size() == RECIPIENTS && store.countJobs() == 0);
            assertThat(delivered).hasSize(RECIPIENTS);
            assertThat(calls.get() - RECIPIENTS).isLessThanOrEqualTo(MAX_REPEATED_CALLS);
            System.out.printf("outage test: %d provider calls for %d messages%n", calls.get(), RECIPIENTS);
        } finally {
            notifier.close();
            store.close();
            ds.close();
            pg.close();
        }
    }

    /** A chunk of deliveries in flight when a commit fails may be repeated, no more. */
    private static final int MAX_REPEATED_CALLS = 64;
}
