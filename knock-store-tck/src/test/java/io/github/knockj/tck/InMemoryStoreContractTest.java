package io.github.knockj.tck;

import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.Store;

/** The in-memory store against every role suite (nested classes inherited from the kit). */
class InMemoryStoreContractTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return InMemoryStore.create();
    }
}
