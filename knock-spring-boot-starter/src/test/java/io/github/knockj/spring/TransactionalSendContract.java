package io.github.knockj.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.Steps;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.Store;
import io.github.knockj.jdbc.JdbcStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * A Spring Boot application on a real database: the Notifier's store is a {@link JdbcStore} on the
 * application's DataSource, and a trigger sent with {@link KnockTemplate} inside a
 * {@code @Transactional} method exists if and only if that method's transaction commits. Extended
 * for H2 and PostgreSQL, each supplying the DataSource.
 */
abstract class TransactionalSendContract {
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OrdersApp {
        @Bean
        Workflow orderShipped() {
            return Workflow.builder("order-shipped").step(Steps.channel("mail", "email").subject("Order {{ data.order }} shipped")).build();
        }

        @Bean
        RecordingProvider email() {
            return RecordingProvider.of(ChannelType.EMAIL);
        }

        @Bean
        OrderService orderService(JdbcTemplate jdbc, KnockTemplate knock) {
            return new OrderService(jdbc, knock);
        }
    }

    /** The application's service: its business write and its notification in one transaction. */
    static class OrderService {
        private final JdbcTemplate jdbc;
        private final KnockTemplate knock;
        private final AtomicReference<TriggerResult> lastSent = new AtomicReference<>();

        OrderService(JdbcTemplate jdbc, KnockTemplate knock) {
            this.jdbc = jdbc;
            this.knock = knock;
        }

        @Transactional
        public TriggerResult ship(String orderId, boolean paymentDeclined) {
            jdbc.update("INSERT INTO orders (id) VALUES (?)", orderId);
            TriggerResult sent = knock.send(knock.trigger("order-shipped").recipients("ada").data(Map.of("order", orderId)));
            lastSent.set(sent);
            if (paymentDeclined) throw new IllegalStateException("payment declined for " + orderId);
            return sent;
        }

        /** The last trigger sent, committed or not (read through the proxy, hence a method). */
        public TriggerResult lastSent() {
            return lastSent.get();
        }

        public TriggerResult knockOutsideTransaction(String orderId) {
            return knock.send(knock.trigger("order-shipped").recipients("ada").data(Map.of("order", orderId)));
        }
    }

    @Autowired Notifier notifier;
    @Autowired Store store;
    @Autowired OrderService orders;
    @Autowired JdbcTemplate jdbc;
    @Autowired RecordingProvider email;

    abstract String expectedDialect();

    @BeforeEach
    void setUp() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(40) PRIMARY KEY)");
        notifier.users().identify(User.builder("ada").email("ada@example.com").build());
    }

    @Test
    void theStoreIsAJdbcStoreOnTheApplicationsDataSource() {
        assertThat(store).isInstanceOf(JdbcStore.class);
        assertThat(((JdbcStore) store).dialect()).isEqualTo(expectedDialect());
    }

    @Test
    void aTriggerSentInATransactionThatCommitsIsSent() {
        TriggerResult sent = orders.ship("o-commit", false);
        assertThat(store.findTrigger(sent.triggerId())).isPresent();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(email.sentContent("subject")).contains("Order o-commit shipped"));
    }

    @Test
    void aTriggerSentInATransactionThatRollsBackNeverHappened() {
        assertThatThrownBy(() -> orders.ship("o-rollback", true)).hasMessageContaining("payment declined");
        String rolledBack = orders.lastSent().triggerId();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE id = 'o-rollback'", Integer.class)).isZero();
        assertThat(store.findTrigger(rolledBack)).isEmpty();

        // a later committed order is delivered; the rolled-back one never is
        orders.ship("o-next", false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(email.sentContent("subject")).contains("Order o-next shipped"));
        assertThat(email.sentContent("subject")).doesNotContain("Order o-rollback shipped");
    }

    @Test
    void aTriggerSentOutsideATransactionIsSentOnItsOwn() {
        TriggerResult sent = orders.knockOutsideTransaction("o-plain");
        assertThat(store.findTrigger(sent.triggerId())).isPresent();
    }
}
