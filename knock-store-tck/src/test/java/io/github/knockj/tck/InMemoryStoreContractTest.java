package io.github.knockj.tck;

import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.Store;

class InMemoryStoreContractTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return InMemoryStore.create();
    }
}
