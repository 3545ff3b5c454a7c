package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.StoreContractTest;

class PostgresStoreContractTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newPostgresStore();
    }
}
