package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.ScheduleContractTest;

class PostgresScheduleTest extends ScheduleContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newPostgresStore();
    }
}
