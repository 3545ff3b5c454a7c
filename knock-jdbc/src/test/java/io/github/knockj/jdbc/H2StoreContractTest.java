package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.StoreContractTest;

class H2StoreContractTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newH2Store();
    }
}
