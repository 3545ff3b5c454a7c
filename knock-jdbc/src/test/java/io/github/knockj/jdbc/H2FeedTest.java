package io.github.knockj.jdbc;

import io.github.knockj.core.contract.FeedContractTest;
import io.github.knockj.core.spi.Store;

class H2FeedTest extends FeedContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newH2Store();
    }
}
