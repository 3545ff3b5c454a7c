package io.github.knockj.jdbc;

import io.github.knockj.core.contract.FeedContractTest;
import io.github.knockj.core.spi.Store;

class PostgresFeedTest extends FeedContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newPostgresStore();
    }
}
