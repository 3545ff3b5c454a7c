package io.github.knockj.tck;

import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.Store;
import org.junit.jupiter.api.Nested;

/** The in-memory store against every role suite, one nested class per role. */
class InMemoryStoreContractTest {
    Store create() {
        return InMemoryStore.create();
    }

    @Nested
    class Recipients extends RecipientStoreContractTest {
        @Override
        protected Store newStore() {
            return create();
        }
    }

    @Nested
    class Tenants extends TenantStoreContractTest {
        @Override
        protected Store newStore() {
            return create();
        }
    }

    @Nested
    class Preferences extends PreferenceStoreContractTest {
        @Override
        protected Store newStore() {
            return create();
        }
    }

    @Nested
    class Triggers extends TriggerStoreContractTest {
        @Override
        protected Store newStore() {
            return create();
        }
    }

    @Nested
    class Runs extends RunStoreContractTest {
        @Override
        protected Store newStore() {
            return create();
        }
    }

    @Nested
    class ChangeSets extends ChangeSetStoreContractTest {
        @Override
        protected Store newStore() {
            return create();
        }
    }

    @Nested
    class Jobs extends JobQueueContractTest {
        @Override
        protected Store newStore() {
            return create();
        }
    }

    @Nested
    class Messages extends MessageStoreContractTest {
        @Override
        protected Store newStore() {
            return create();
        }
    }

    @Nested
    class Batches extends BatchStoreContractTest {
        @Override
        protected Store newStore() {
            return create();
        }
    }

    @Nested
    class Throttles extends ThrottleStoreContractTest {
        @Override
        protected Store newStore() {
            return create();
        }
    }

    @Nested
    class Schedules extends ScheduleStoreContractTest {
        @Override
        protected Store newStore() {
            return create();
        }
    }

    @Nested
    class Retention extends RetentionStoreContractTest {
        @Override
        protected Store newStore() {
            return create();
        }
    }
}
