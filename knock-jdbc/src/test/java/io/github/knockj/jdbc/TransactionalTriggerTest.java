package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.Steps;
import io.github.knockj.core.TestKit;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A trigger (or a bulk of them) sent inside the application's own PostgreSQL transaction exists if
 * and only if the business change commits.
 */
class TransactionalTriggerTest {
    private String url;
    private JdbcStore store;
    private Notifier notifier;
    private final TestKit kit = TestKit.create();
    private final RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL);

    @BeforeEach
    void setUp() throws SQLException {
        url = TestDatabases.newPostgresSchemaUrl();
        store = JdbcStore.builder().url(url).maximumPoolSize(4).build();
        notifier = Notifier.builder().store(store).testKit(kit).channel("email", email)
                .workflow(Workflow.builder("order-shipped").step(Steps.channel("mail", "email").subject("Order {{ data.order }} shipped")).build())
                .build();
        notifier.users().identify(User.builder("ada").email("ada@example.com").build());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id TEXT PRIMARY KEY, status TEXT NOT NULL)");
        }
    }

    @AfterEach
    void tearDown() {
        notifier.close();
        store.close();
    }

    private TriggerResult shipInOneTransaction(String orderId, boolean commit) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, status) VALUES (?, 'shipped')")) {
                ps.setString(1, orderId);
                ps.executeUpdate();
            }
            TriggerResult r = notifier.trigger("order-shipped").recipients("ada").data(Map.of("order", orderId))
                    .idempotencyKey("ship-" + orderId).send(store.joining(c));
            // not visible outside the transaction before it commits
            assertThat(store.findTrigger(r.triggerId())).isEmpty();
            if (commit) c.commit(); else c.rollback();
            return r;
        }
    }

    private boolean orderExists(String id) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM orders WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Test
    void aCommittedTransactionNotifies() throws SQLException {
        TriggerResult r = shipInOneTransaction("o-1", true);
        kit.runDue();
        assertThat(orderExists("o-1")).isTrue();
        assertThat(store.findTrigger(r.triggerId())).isPresent();
        assertThat(email.sentContent("subject")).containsExactly("Order o-1 shipped");
    }

    @Test
    void aRolledBackTransactionLeavesNoTrace() throws SQLException {
        TriggerResult r = shipInOneTransaction("o-2", false);
        kit.runDue();
        assertThat(orderExists("o-2")).isFalse();
        assertThat(store.findTrigger(r.triggerId())).isEmpty();
        assertThat(store.findIdempotency("ship-o-2", kit.now())).isEmpty();
        assertThat(store.countJobs()).isZero();
        assertThat(email.sent()).isEmpty();
        // the idempotency key was not consumed: the retried business transaction can notify
        shipInOneTransaction("o-2", true);
        kit.runDue();
        assertThat(email.sentContent("subject")).containsExactly("Order o-2 shipped");
    }

    @Test
    void aBulkTriggerInsideTheTransactionExistsOnlyIfItCommits() throws SQLException {
        for (boolean commit : new boolean[] {false, true}) {
            List<TriggerResult> results;
            try (Connection c = DriverManager.getConnection(url)) {
                c.setAutoCommit(false);
                results = notifier.bulkTrigger()
                        .add(notifier.trigger("order-shipped").recipients("ada").data(Map.of("order", "b-1")).idempotencyKey("ship-b-1"))
                        .add(notifier.trigger("order-shipped").recipients("ada").data(Map.of("order", "b-2")).idempotencyKey("ship-b-2"))
                        .send(store.joining(c));
                assertThat(store.findTriggers(results.stream().map(TriggerResult::triggerId).toList())).isEmpty();
                if (commit) c.commit(); else c.rollback();
            }
            kit.runDue();
            assertThat(results).noneMatch(TriggerResult::replayed);
            assertThat(store.findTriggers(results.stream().map(TriggerResult::triggerId).toList())).hasSize(commit ? 2 : 0);
            assertThat(email.sentContent("subject")).hasSize(commit ? 2 : 0);
        }
        assertThat(email.sentContent("subject")).containsExactlyInAnyOrder("Order b-1 shipped", "Order b-2 shipped");
    }

    @Test
    void badInputFailsInsideTheTransactionWithoutWriting() throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> notifier.trigger("order-shipped").send(store.joining(c)))
                    .isInstanceOf(io.github.knockj.core.InvalidInputException.class);
            c.commit();
        }
        assertThat(store.countJobs()).isZero();
    }
}
