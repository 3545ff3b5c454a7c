package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.PreferenceContractTest;

class PostgresPreferenceTest extends PreferenceContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newPostgresStore();
    }
}
