package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.PreferenceContractTest;

class H2PreferenceTest extends PreferenceContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newH2Store();
    }
}
