package io.github.knockj.micrometer;

import io.github.knockj.core.spi.Store;
import io.github.knockj.jdbc.JdbcStore;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link KnockObservationsTest} on H2 through the JDBC store: the trigger's trace context is read back from the database. */
class KnockObservationsOnH2Test extends KnockObservationsTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    Store newStore() {
        return JdbcStore.h2InMemory("observations" + DATABASES.incrementAndGet());
    }
}
