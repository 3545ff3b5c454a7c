package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.TimeFunctionsContractTest;

class PostgresTimeFunctionsTest extends TimeFunctionsContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newPostgresStore();
    }
}
