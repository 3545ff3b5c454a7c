package io.github.knockj.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.User;
import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.Store;
import io.github.knockj.jdbc.JdbcStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Which store the auto-configuration picks, and what a send does in a transaction it cannot join. */
class StoreSelectionTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, KnockAutoConfiguration.class))
            .withUserConfiguration(KnockAutoConfigurationTest.Beans.class)
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:knock-selection;DB_CLOSE_DELAY=-1", "knock.workers.enabled=false");

    @Test
    void withTheApplicationsDataSourceTheStoreIsAJdbcStoreUnlessTurnedOff() {
        runner.run(context -> assertThat(context.getBean(Store.class)).isInstanceOf(JdbcStore.class));
        runner.withPropertyValues("knock.jdbc.enabled=false")
                .run(context -> assertThat(context.getBean(Store.class)).isInstanceOf(InMemoryStore.class));
    }

    @Test
    void aSendInATransactionOnAnotherDataSourceFailsAndSendsNothing() {
        runner.run(context -> {
            KnockTemplate knock = context.getBean(KnockTemplate.class);
            knock.notifier().users().identify(User.builder("ada").email("ada@example.com").build());
            DriverManagerDataSource other = new DriverManagerDataSource("jdbc:h2:mem:knock-other;DB_CLOSE_DELAY=-1");
            TransactionTemplate otherTransaction = new TransactionTemplate(new DataSourceTransactionManager(other));
            assertThatThrownBy(() -> otherTransaction.executeWithoutResult(status ->
                    knock.send(knock.trigger("welcome").recipients("ada"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not on knock's DataSource");
            assertThat(context.getBean(Store.class).countJobs()).isZero();
        });
    }
}
