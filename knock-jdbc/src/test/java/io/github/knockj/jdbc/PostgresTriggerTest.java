package io.github.knockj.jdbc;

import io.github.knockj.core.contract.TriggerContractTest;
import io.github.knockj.core.spi.Store;

class PostgresTriggerTest extends TriggerContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newPostgresStore();
    }
}
