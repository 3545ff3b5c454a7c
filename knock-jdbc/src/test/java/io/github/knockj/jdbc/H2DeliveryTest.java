package io.github.knockj.jdbc;

import io.github.knockj.core.contract.DeliveryContractTest;
import io.github.knockj.core.spi.Store;

class H2DeliveryTest extends DeliveryContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newH2Store();
    }
}
