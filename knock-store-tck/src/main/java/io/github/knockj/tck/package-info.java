/**
 * The store technology compatibility kit: abstract JUnit 5 suites that a
 * {@link io.github.knockj.core.spi.Store} implementation extends to prove it behaves like the
 * reference in-memory store. The in-memory store, and the JDBC store on H2 and on PostgreSQL, run
 * exactly these suites.
 *
 * <h2>Certifying a store</h2>
 * Add {@code io.github.knockj:knock-store-tck} as a test dependency, with a JUnit Jupiter engine to
 * run it, and extend every suite with a class that implements {@code newStore()}, returning a new,
 * empty store (each test gets its own and closes it). The role suites certify one role interface of
 * {@link io.github.knockj.core.spi.Store} each, calling the store directly; each one's Javadoc says
 * which other roles it needs to set up state (mostly
 * {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore}), so a store can be certified role
 * by role. One test class per store with a JUnit 5 {@code @Nested} class per suite keeps it to one file:
 * <pre>
 * class MyStoreContractTest {
 *     &#64;Nested
 *     class Runs extends RunStoreContractTest {
 *         &#64;Override
 *         protected Store newStore() {
 *             return MyStore.createEmpty();
 *         }
 *     }
 *     // … one nested class per suite
 * }
 * </pre>
 * The role suites, sharing the fixtures of {@link io.github.knockj.tck.RoleContractTestBase}:
 * {@link io.github.knockj.tck.RecipientStoreContractTest}, {@link io.github.knockj.tck.TenantStoreContractTest},
 * {@link io.github.knockj.tck.PreferenceStoreContractTest}, {@link io.github.knockj.tck.TriggerStoreContractTest},
 * {@link io.github.knockj.tck.RunStoreContractTest}, {@link io.github.knockj.tck.ChangeSetStoreContractTest},
 * {@link io.github.knockj.tck.JobQueueContractTest}, {@link io.github.knockj.tck.MessageStoreContractTest},
 * {@link io.github.knockj.tck.BatchStoreContractTest}, {@link io.github.knockj.tck.ThrottleStoreContractTest},
 * {@link io.github.knockj.tck.ScheduleStoreContractTest}, {@link io.github.knockj.tck.RetentionStoreContractTest}.
 *
 * <p>The behaviour suites run the store behind a {@link io.github.knockj.core.Notifier}:
 * <ul>
 *   <li>{@link io.github.knockj.tck.TriggerContractTest}: triggers, runs, recipients, fan-out, templates, bad input;</li>
 *   <li>{@link io.github.knockj.tck.DeliveryContractTest}: deliveries, retries, failover, provider callbacks;</li>
 *   <li>{@link io.github.knockj.tck.FeedContractTest}: the in-app feed and engagement;</li>
 *   <li>{@link io.github.knockj.tck.PreferenceContractTest}: preferences applied to channel steps;</li>
 *   <li>{@link io.github.knockj.tck.ScheduleContractTest}: recurring schedules;</li>
 *   <li>{@link io.github.knockj.tck.TimeFunctionsContractTest}: delays, batches, throttles, budgets, send windows, cancellation;</li>
 *   <li>{@link io.github.knockj.tck.OpsQueriesContractTest}: runs and messages listed across recipients, as an ops console reads them;</li>
 *   <li>{@link io.github.knockj.tck.ConcurrencyContractTest}: many threads at once against the engine's workers.</li>
 * </ul>
 * The engine suites share {@link io.github.knockj.tck.ContractTestBase}, which gives each test a
 * {@link io.github.knockj.core.TestKit} clock and recording providers; time is settable, so no
 * test sleeps for time.
 */
package io.github.knockj.tck;
