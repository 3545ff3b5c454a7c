package io.github.knockj.spring;

import io.github.knockj.core.Notifier;
import io.github.knockj.core.TriggerBuilder;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.spi.Store;
import io.github.knockj.jdbc.JdbcStore;
import java.sql.Connection;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends triggers that join the caller's Spring transaction. Inside a {@code @Transactional} method
 * whose transaction runs on the DataSource knock's store uses, {@link #send(TriggerBuilder)} writes
 * the trigger on that transaction's connection (obtained with {@link DataSourceUtils}): it exists
 * if and only if the transaction commits, and workers pick it up at their next poll after the
 * commit. Outside a transaction it sends as {@link TriggerBuilder#send()} does.
 *
 * <pre>{@code
 * @Transactional
 * public void ship(String orderId) {
 *     orders.markShipped(orderId);
 *     knock.send(knock.trigger("order-shipped").recipients(customerId).data(Map.of("order", orderId)));
 * }
 * }</pre>
 *
 * <p>{@code notifier.trigger(…).send()} called directly stays independent of any transaction: it
 * commits on its own at once. With the in-memory store there is no database to join, and a send
 * inside a transaction is stored at once too (a rollback does not undo it). Thread-safe.
 */
public final class KnockTemplate {
    private final Notifier notifier;
    private final Store store;
    private final DataSource dataSource;

    /**
     * A template over {@code notifier}, whose store is {@code store}.
     *
     * @param notifier the Notifier triggers are sent through
     * @param store the Notifier's store
     * @param dataSource the DataSource {@code store} was built on if it is a {@link JdbcStore}, else null
     * @throws NullPointerException if {@code notifier} or {@code store} is null
     * @throws IllegalArgumentException if the store is a {@link JdbcStore} and no DataSource is given
     */
    public KnockTemplate(Notifier notifier, Store store, DataSource dataSource) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.store = Objects.requireNonNull(store, "store");
        if (store instanceof JdbcStore && dataSource == null) {
            throw new IllegalArgumentException("a JdbcStore needs the DataSource it was built on, to join transactions on it");
        }
        this.dataSource = store instanceof JdbcStore ? dataSource : null;
    }

    /**
     * {@return the Notifier triggers are sent through}
     */
    public Notifier notifier() {
        return notifier;
    }

    /**
     * Starts a trigger; send it with {@link #send(TriggerBuilder)} to join the current transaction.
     *
     * @param workflowKey the workflow to run
     * @return the Notifier's trigger builder
     */
    public TriggerBuilder trigger(String workflowKey) {
        return notifier.trigger(workflowKey);
    }

    /**
     * Sends the trigger within the current Spring transaction if there is one on the store's
     * DataSource, else on its own.
     *
     * @param trigger a trigger of this template's Notifier
     * @return the trigger id, and whether an earlier trigger with the same idempotency key was replayed
     * @throws IllegalStateException if a transaction is active but not on the store's DataSource
     *         (a JTA transaction, or another DataSource's): the trigger could not join it, and
     *         nothing was sent
     * @throws io.github.knockj.core.KnockException as {@link TriggerBuilder#send()}
     */
    public TriggerResult send(TriggerBuilder trigger) {
        Objects.requireNonNull(trigger, "trigger");
        if (dataSource == null || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return trigger.send();
        }
        if (!TransactionSynchronizationManager.hasResource(dataSource)) {
            throw new IllegalStateException("a Spring transaction is active but not on knock's DataSource: "
                    + "the trigger cannot join it. Run the transaction on that DataSource, or send with notifier.trigger(…).send() "
                    + "to commit the trigger on its own");
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return trigger.send(((JdbcStore) store).joining(connection));
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
