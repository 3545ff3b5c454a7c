package io.github.knockj.jdbc;

import io.github.knockj.core.contract.ConcurrencyContractTest;
import io.github.knockj.core.spi.Store;

class H2ConcurrencyTest extends ConcurrencyContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newH2Store();
    }
}
