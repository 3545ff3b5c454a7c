package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.StoreContractTest;

/**
 * JdbcStore on PostgreSQL against every role suite (nested classes inherited from the kit). All of
 * them share one schema (see {@link TestDatabases#newPostgresStore()}), emptied for each test.
 */
class PostgresStoreContractTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newPostgresStore();
    }
}
