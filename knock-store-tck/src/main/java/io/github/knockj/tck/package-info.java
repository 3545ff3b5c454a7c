/**
 * The store technology compatibility kit: abstract JUnit 5 suites that a
 * {@link io.github.knockj.core.spi.Store} implementation extends to prove it behaves like the
 * reference in-memory store. The in-memory store, and the JDBC store on H2 and on PostgreSQL, run
 * exactly these suites.
 *
 * <h2>Certifying a store</h2>
 * Add {@code io.github.knockj:knock-store-tck} as a test dependency, with a JUnit Jupiter engine to
 * run it, and extend every suite with a class that implements {@code newStore()}, returning a new,
 * empty store (each test gets its own and closes it):
 * <pre>
 * class MyStoreContractTest extends StoreContractTest {
 *     &#64;Override
 *     protected Store newStore() {
 *         return MyStore.createEmpty();
 *     }
 * }
 * </pre>
 * <ul>
 *   <li>{@link io.github.knockj.tck.StoreContractTest}: the {@code Store} methods themselves, without an engine;</li>
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
