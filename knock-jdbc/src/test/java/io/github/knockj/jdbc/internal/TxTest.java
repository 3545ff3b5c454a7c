package io.github.knockj.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.StoreException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class TxTest {
    @Test
    void aFailureWithoutAnSqlStateIsAStoreExceptionNamingTheOperation() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:tx-test");
        Tx tx = new Tx(ds, Dialect.forName("h2"));
        // jOOQ reports too many rows without an SQL state; that once ended in a NullPointerException
        assertThatThrownBy(() -> tx.run("reading one value", ctx -> ctx.fetchValue("SELECT X FROM SYSTEM_RANGE(1, 2)")))
                .isInstanceOf(StoreException.class).hasMessageStartingWith("reading one value failed: ");
    }
}
