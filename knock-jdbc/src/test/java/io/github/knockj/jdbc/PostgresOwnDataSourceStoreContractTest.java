package io.github.knockj.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.github.knockj.core.spi.Store;
import io.github.knockj.tck.StoreContractTest;
import org.junit.jupiter.api.AfterEach;

/**
 * The role suites on an application's own data source with autocommit off and a non-UTC session
 * time zone, all on one schema.
 */
class PostgresOwnDataSourceStoreContractTest extends StoreContractTest {
    private HikariDataSource dataSource;

    @Override
    protected Store newStore() {
        dataSource = TestDatabases.awkwardPostgresDataSource();
        return JdbcStore.builder().dataSource(dataSource).build();
    }

    @AfterEach
    void closeDataSource() {
        if (dataSource != null) dataSource.close();
    }
}
