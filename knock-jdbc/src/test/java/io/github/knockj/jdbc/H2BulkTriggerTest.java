package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.BulkTriggerContractTest;

class H2BulkTriggerTest extends BulkTriggerContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newH2Store();
    }
}
