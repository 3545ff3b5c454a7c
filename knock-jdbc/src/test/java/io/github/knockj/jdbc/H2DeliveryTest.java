package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.DeliveryContractTest;

class H2DeliveryTest extends DeliveryContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newH2Store();
    }
}
