package io.github.knockj.core.spi;

import io.github.knockj.core.memory.InMemoryStore;

class InMemoryStoreContractTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return InMemoryStore.create();
    }
}
