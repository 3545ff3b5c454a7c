package io.github.knockj.tck;

import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.Store;

class InMemoryBulkTriggerTest extends BulkTriggerContractTest {
    @Override
    protected Store newStore() {
        return InMemoryStore.create();
    }
}
