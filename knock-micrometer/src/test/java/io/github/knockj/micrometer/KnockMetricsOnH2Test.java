package io.github.knockj.micrometer;

import io.github.knockj.core.spi.Store;
import io.github.knockj.jdbc.JdbcStore;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link KnockMetricsTest} on H2 through the JDBC store. */
class KnockMetricsOnH2Test extends KnockMetricsTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    Store newStore() {
        return JdbcStore.h2InMemory("metrics" + DATABASES.incrementAndGet());
    }
}
