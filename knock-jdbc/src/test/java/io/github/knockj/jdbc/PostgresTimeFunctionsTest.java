package io.github.knockj.jdbc;

import io.github.knockj.core.contract.TimeFunctionsContractTest;
import io.github.knockj.core.spi.Store;

class PostgresTimeFunctionsTest extends TimeFunctionsContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newPostgresStore();
    }
}
