package io.github.knockj.core.spi;

/**
 * Where a Notifier keeps everything: recipients, preferences, runs, messages, jobs, batches.
 *
 * <p>The contract, pinned by the suites every implementation must pass (artifact
 * {@code io.github.knockj:knock-store-tck}: one suite per role, e.g. {@code RunStoreContractTest}, and the engine suites):
 * <ul>
 *   <li>every method is atomic: it applies fully or not at all, and throws
 *       {@link io.github.knockj.core.StoreException} on failure;</li>
 *   <li>methods are safe to call from many threads, and from many processes on one database;</li>
 *   <li>returned collections are snapshots the caller may keep;</li>
 *   <li>times are stored and returned with at least millisecond precision.</li>
 * </ul>
 * The in-memory implementation is the reference; knock-jdbc provides one on PostgreSQL and H2.
 *
 * <p>The methods are grouped by aggregate into role interfaces, each stating the invariants its
 * implementation enforces: {@link RecipientStore} (users, objects, subscriptions),
 * {@link TenantStore}, {@link PreferenceStore}, {@link TriggerStore} (triggers, idempotency records),
 * {@link RunStore} (runs, run logs, cancellations), {@link ChangeSetStore} (the one write across
 * aggregates), {@link JobQueue} (claims and leases), {@link MessageStore} (messages, their events,
 * feeds, engagement), {@link BatchStore}, {@link ThrottleStore}, {@link ScheduleStore} and
 * {@link RetentionStore} (purging). A store implements this interface, and so every role.
 */
public interface Store extends RecipientStore, TenantStore, PreferenceStore, TriggerStore, RunStore, ChangeSetStore,
        JobQueue, MessageStore, BatchStore, ThrottleStore, ScheduleStore, RetentionStore, AutoCloseable {

    /** Releases resources (pools, connections); the in-memory store forgets nothing on close. */
    @Override
    void close();
}
