package io.github.knockj.tck;

import io.github.knockj.core.spi.Store;
import org.junit.jupiter.api.Nested;

/**
 * Every role suite at once: extend this class, supply {@link #newStore()}, and JUnit runs each role
 * suite ({@link RecipientStoreContractTest} … {@link RetentionStoreContractTest}) as a nested class
 * of yours on the stores it makes. A store that implements only some roles extends those suites one
 * by one instead. The behaviour suites ({@link TriggerContractTest}, {@link DeliveryContractTest}, …)
 * are separate classes, because they run the store behind a Notifier.
 *
 * <p>{@link #newStore()} is called on an instance of the extending class for every test of every
 * nested suite, so state that the extending class keeps (a shared database, a data source to close
 * after each test) is shared by all roles.
 */
public abstract class StoreContractTest {
    /** For subclasses. */
    protected StoreContractTest() {}

    /**
     * Makes the store under test: a new, empty store (or the same store emptied); each nested suite
     * closes it after each test.
     *
     * @return the store to test
     */
    protected abstract Store newStore();

    /** {@link io.github.knockj.core.spi.RecipientStore}: {@link RecipientStoreContractTest} on {@link #newStore()}. */
    @Nested
    public class Recipients extends RecipientStoreContractTest {
        /** Made by JUnit as a nested class of the extending class. */
        public Recipients() {}

        @Override
        protected Store newStore() {
            return StoreContractTest.this.newStore();
        }
    }

    /** {@link io.github.knockj.core.spi.TenantStore}: {@link TenantStoreContractTest} on {@link #newStore()}. */
    @Nested
    public class Tenants extends TenantStoreContractTest {
        /** Made by JUnit as a nested class of the extending class. */
        public Tenants() {}

        @Override
        protected Store newStore() {
            return StoreContractTest.this.newStore();
        }
    }

    /** {@link io.github.knockj.core.spi.PreferenceStore}: {@link PreferenceStoreContractTest} on {@link #newStore()}. */
    @Nested
    public class Preferences extends PreferenceStoreContractTest {
        /** Made by JUnit as a nested class of the extending class. */
        public Preferences() {}

        @Override
        protected Store newStore() {
            return StoreContractTest.this.newStore();
        }
    }

    /** {@link io.github.knockj.core.spi.TriggerStore}: {@link TriggerStoreContractTest} on {@link #newStore()}. */
    @Nested
    public class Triggers extends TriggerStoreContractTest {
        /** Made by JUnit as a nested class of the extending class. */
        public Triggers() {}

        @Override
        protected Store newStore() {
            return StoreContractTest.this.newStore();
        }
    }

    /** {@link io.github.knockj.core.spi.RunStore}: {@link RunStoreContractTest} on {@link #newStore()}. */
    @Nested
    public class Runs extends RunStoreContractTest {
        /** Made by JUnit as a nested class of the extending class. */
        public Runs() {}

        @Override
        protected Store newStore() {
            return StoreContractTest.this.newStore();
        }
    }

    /** {@link io.github.knockj.core.spi.ChangeSetStore}: {@link ChangeSetStoreContractTest} on {@link #newStore()}. */
    @Nested
    public class ChangeSets extends ChangeSetStoreContractTest {
        /** Made by JUnit as a nested class of the extending class. */
        public ChangeSets() {}

        @Override
        protected Store newStore() {
            return StoreContractTest.this.newStore();
        }
    }

    /** {@link io.github.knockj.core.spi.JobQueue}: {@link JobQueueContractTest} on {@link #newStore()}. */
    @Nested
    public class Jobs extends JobQueueContractTest {
        /** Made by JUnit as a nested class of the extending class. */
        public Jobs() {}

        @Override
        protected Store newStore() {
            return StoreContractTest.this.newStore();
        }
    }

    /** {@link io.github.knockj.core.spi.MessageStore}: {@link MessageStoreContractTest} on {@link #newStore()}. */
    @Nested
    public class Messages extends MessageStoreContractTest {
        /** Made by JUnit as a nested class of the extending class. */
        public Messages() {}

        @Override
        protected Store newStore() {
            return StoreContractTest.this.newStore();
        }
    }

    /** {@link io.github.knockj.core.spi.BatchStore}: {@link BatchStoreContractTest} on {@link #newStore()}. */
    @Nested
    public class Batches extends BatchStoreContractTest {
        /** Made by JUnit as a nested class of the extending class. */
        public Batches() {}

        @Override
        protected Store newStore() {
            return StoreContractTest.this.newStore();
        }
    }

    /** {@link io.github.knockj.core.spi.ThrottleStore}: {@link ThrottleStoreContractTest} on {@link #newStore()}. */
    @Nested
    public class Throttles extends ThrottleStoreContractTest {
        /** Made by JUnit as a nested class of the extending class. */
        public Throttles() {}

        @Override
        protected Store newStore() {
            return StoreContractTest.this.newStore();
        }
    }

    /** {@link io.github.knockj.core.spi.ScheduleStore}: {@link ScheduleStoreContractTest} on {@link #newStore()}. */
    @Nested
    public class Schedules extends ScheduleStoreContractTest {
        /** Made by JUnit as a nested class of the extending class. */
        public Schedules() {}

        @Override
        protected Store newStore() {
            return StoreContractTest.this.newStore();
        }
    }

    /** {@link io.github.knockj.core.spi.RetentionStore}: {@link RetentionStoreContractTest} on {@link #newStore()}. */
    @Nested
    public class Retention extends RetentionStoreContractTest {
        /** Made by JUnit as a nested class of the extending class. */
        public Retention() {}

        @Override
        protected Store newStore() {
            return StoreContractTest.this.newStore();
        }
    }
}
