package io.github.knockj.jdbc;

import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.BatchStoreContractTest;
import io.github.knockj.tck.ChangeSetStoreContractTest;
import io.github.knockj.tck.JobQueueContractTest;
import io.github.knockj.tck.MessageStoreContractTest;
import io.github.knockj.tck.PreferenceStoreContractTest;
import io.github.knockj.tck.RecipientStoreContractTest;
import io.github.knockj.tck.RetentionStoreContractTest;
import io.github.knockj.tck.RunStoreContractTest;
import io.github.knockj.tck.ScheduleStoreContractTest;
import io.github.knockj.tck.TenantStoreContractTest;
import io.github.knockj.tck.ThrottleStoreContractTest;
import io.github.knockj.tck.TriggerStoreContractTest;
import org.junit.jupiter.api.Nested;

/**
 * JdbcStore on PostgreSQL against every role suite, one nested class per role. The stores are made
 * here, in the outer class, so that all nested classes share one schema (see
 * {@link TestDatabases#newPostgresStore()}), emptied for each test.
 */
class PostgresStoreContractTest {
    Store create() {
        return TestDatabases.newPostgresStore();
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
