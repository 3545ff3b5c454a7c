package io.github.knockj.jdbc;

import io.github.knockj.core.contract.ScheduleContractTest;
import io.github.knockj.core.spi.Store;

class PostgresScheduleTest extends ScheduleContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newPostgresStore();
    }
}
