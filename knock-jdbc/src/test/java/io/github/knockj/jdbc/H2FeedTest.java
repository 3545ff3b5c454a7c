package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.FeedContractTest;

class H2FeedTest extends FeedContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newH2Store();
    }
}
