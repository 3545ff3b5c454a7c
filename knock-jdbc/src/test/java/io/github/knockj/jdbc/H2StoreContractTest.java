package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.StoreContractTest;

/** JdbcStore on in-memory H2 against every role suite (nested classes inherited from the kit). */
class H2StoreContractTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newH2Store();
    }
}
