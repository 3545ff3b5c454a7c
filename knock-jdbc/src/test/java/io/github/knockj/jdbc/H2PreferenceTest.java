package io.github.knockj.jdbc;

import io.github.knockj.core.contract.PreferenceContractTest;
import io.github.knockj.core.spi.Store;

class H2PreferenceTest extends PreferenceContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.newH2Store();
    }
}
