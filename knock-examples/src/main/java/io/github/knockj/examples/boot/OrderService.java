package io.github.knockj.examples.boot;

import io.github.knockj.core.Notifier;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.User;
import io.github.knockj.spring.KnockTemplate;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The application's own business: orders in its own table, on the same DataSource as knock. Each
 * change and its notification commit together: {@link KnockTemplate#send} writes the trigger on
 * the transaction's connection, so if anything later in the method fails, the trigger is rolled
 * back with the order's change and no one is notified.
 */
@Service
public class OrderService {
    private final JdbcTemplate jdbc;
    private final KnockTemplate knock;

    /**
     * Creates the service, with the application's tables and sample data if they are missing.
     *
     * @param jdbc the application's JdbcTemplate
     * @param knock the starter's template for transactional sends
     */
    public OrderService(JdbcTemplate jdbc, KnockTemplate knock) {
        this.jdbc = jdbc;
        this.knock = knock;
        setUp(knock.notifier());
    }

    /**
     * An order.
     *
     * @param id the order id
     * @param customer the customer's user id
     * @param status {@code placed}, {@code shipped} or {@code delivered}
     * @param tracking the shipment's tracking number, or null before it ships
     */
    public record Order(String id, String customer, String status, String tracking) {}

    /** The order does not exist. */
    public static final class UnknownOrderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownOrderException(String id) {
            super("no order " + id);
        }
    }

    /** The order cannot make this change, in its status or with these values. */
    public static final class OrderConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OrderConflictException(String message) {
            super(message);
        }
    }

    /**
     * {@return every order}
     */
    public List<Order> orders() {
        return jdbc.query("SELECT o.id, o.customer, o.status, s.tracking FROM orders o LEFT JOIN shipments s ON s.order_id = o.id ORDER BY o.id",
                (rs, n) -> new Order(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }

    /**
     * Ships the order and tells its customer, in one transaction: the order's status, the trigger,
     * then the shipment. A tracking number already used by another shipment fails that last insert,
     * and the rollback takes the order's status and the trigger with it: no one is notified.
     *
     * @param orderId the order
     * @param tracking the carrier's tracking number, unique among shipments
     * @return the trigger sent
     * @throws UnknownOrderException if there is no such order
     * @throws OrderConflictException if the order is not {@code placed}
     * @throws DuplicateKeyException if the tracking number is taken
     */
    @Transactional
    public TriggerResult ship(String orderId, String tracking) {
        Order order = order(orderId);
        if (jdbc.update("UPDATE orders SET status = 'shipped' WHERE id = ? AND status = 'placed'", orderId) == 0) {
            throw new OrderConflictException("order " + orderId + " is " + order.status() + ", not placed");
        }
        TriggerResult sent = knock.send(knock.trigger(BootDemoApplication.ORDER_SHIPPED).recipients(order.customer())
                .data(Map.of("order", orderId, "tracking", tracking)));
        jdbc.update("INSERT INTO shipments (tracking, order_id) VALUES (?, ?)", tracking, orderId);
        return sent;
    }

    /**
     * Marks a shipped order delivered and tells its customer, in one transaction.
     *
     * @param orderId the order
     * @return the trigger sent
     * @throws UnknownOrderException if there is no such order
     * @throws OrderConflictException if the order is not {@code shipped}
     */
    @Transactional
    public TriggerResult deliver(String orderId) {
        Order order = order(orderId);
        if (jdbc.update("UPDATE orders SET status = 'delivered' WHERE id = ? AND status = 'shipped'", orderId) == 0) {
            throw new OrderConflictException("order " + orderId + " is " + order.status() + ", not shipped");
        }
        return knock.send(knock.trigger(BootDemoApplication.ORDER_DELIVERED).recipients(order.customer()).data(Map.of("order", orderId)));
    }

    private Order order(String orderId) {
        try {
            return jdbc.queryForObject("SELECT o.id, o.customer, o.status, s.tracking FROM orders o LEFT JOIN shipments s ON s.order_id = o.id WHERE o.id = ?",
                    (rs, n) -> new Order(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), orderId);
        } catch (EmptyResultDataAccessException e) {
            throw new UnknownOrderException(orderId);
        }
    }

    /** The application's tables and, on a new database, three orders of two customers known to knock. */
    private void setUp(Notifier notifier) {
        jdbc.execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(40) PRIMARY KEY, customer VARCHAR(40) NOT NULL, status VARCHAR(20) NOT NULL)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS shipments (tracking VARCHAR(60) PRIMARY KEY, order_id VARCHAR(40) NOT NULL)");
        notifier.users().identifyAll(List.of(
                User.builder("ada").name("Ada Lovelace").email("ada@example.com").build(),
                User.builder("bob").name("Bob Barker").email("bob@example.com").build()));
        if (jdbc.queryForObject("SELECT COUNT(*) FROM orders", Integer.class) == 0) {
            jdbc.update("INSERT INTO orders (id, customer, status) VALUES ('1001', 'ada', 'placed'), ('1002', 'bob', 'placed'), ('1003', 'ada', 'placed')");
        }
    }
}
