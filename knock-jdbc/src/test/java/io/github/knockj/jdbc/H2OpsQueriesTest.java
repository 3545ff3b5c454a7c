package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.OpsQueriesContractTest;

class H2OpsQueriesTest extends OpsQueriesContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newH2Store();
    }
}
