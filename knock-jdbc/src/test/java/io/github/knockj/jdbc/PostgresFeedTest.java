package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.FeedContractTest;

class PostgresFeedTest extends FeedContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newPostgresStore();
    }
}
