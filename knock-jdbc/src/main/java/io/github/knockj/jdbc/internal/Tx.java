package io.github.knockj.jdbc.internal;

import io.github.knockj.core.KnockException;
import io.github.knockj.core.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Runs store operations in explicit transactions (whatever the pool's autocommit setting), retries
 * those that lost a race to a concurrent writer, and wraps database failures in
 * {@link StoreException} naming the operation.
 */
public final class Tx {
    /** Unique violation, serialization failure, deadlock, lock timeouts (PostgreSQL and H2). */
    private static final Set<String> RETRYABLE = Set.of("23505", "40001", "40P01", "55P03", "HYT00", "90131");
    private static final int MAX_ATTEMPTS = 10;

    private final DataSource dataSource;
    private final Connection joined;
    private final Dialect dialect;
    private final Settings settings = new Settings()
            .withRenderQuotedNames(RenderQuotedNames.NEVER)
            .withRenderNameCase(RenderNameCase.AS_IS)
            .withExecuteLogging(false)
            .withRenderSchema(false);

    /** Thrown by work that found the database changed under it; the transaction is retried. */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message, null, false, false);
        }
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(DSLContext ctx);
    }

    public Tx(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.joined = null;
        this.dialect = dialect;
    }

    private Tx(Connection joined, Dialect dialect) {
        this.dataSource = null;
        this.joined = joined;
        this.dialect = dialect;
    }

    /**
     * A Tx whose work runs on {@code connection}, inside the transaction its owner has open: no
     * commit, no rollback, no retry — the owner decides the outcome.
     */
    public Tx joining(Connection connection) {
        return new Tx(connection, dialect);
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in a transaction and commits it; rolls back and retries (a few times, with a
     * short random pause) when it lost a race, and throws {@link StoreException} otherwise. Knock
     * exceptions thrown by {@code work} roll back and pass through unchanged.
     */
    public <T> T run(String operation, Work<T> work) {
        if (joined != null) {
            try {
                return work.run(DSL.using(joined, dialect.sqlDialect(), settings));
            } catch (Conflict | DataAccessException e) {
                throw failed(operation + " failed in the caller's transaction: ", e);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (Conflict e) {
                if (attempt < MAX_ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                throw failed(operation + " failed: ", e);
            } catch (DataAccessException e) {
                if (attempt < MAX_ATTEMPTS && retryable(sqlState(e))) {
                    pause(attempt);
                    continue;
                }
                throw failed(operation + " failed: ", e);
            } catch (SQLException e) {
                if (attempt < MAX_ATTEMPTS && retryable(e.getSQLState())) {
                    pause(attempt);
                    continue;
                }
                throw failed(operation + " failed: ", e);
            }
        }
    }

    /** A StoreException saying what failed and why, with any credentials of a URL in it redacted. */
    private static StoreException failed(String what, Exception e) {
        return new StoreException(Redact.credentials(what + e.getMessage()), Redact.credentials(e));
    }

    private <T> T once(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) c.setAutoCommit(false);
            try {
                T result = work.run(DSL.using(c, dialect.sqlDialect(), settings));
                c.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            } catch (Throwable e) {
                rollback(c, e);
                throw new KnockException("unexpected failure in a store transaction", e);
            } finally {
                if (autoCommit) {
                    try {
                        c.setAutoCommit(true);
                    } catch (SQLException ignored) {
                        // the pool discards a connection it cannot reset
                    }
                }
            }
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static boolean retryable(String sqlState) {
        return sqlState != null && RETRYABLE.contains(sqlState);
    }

    private static String sqlState(DataAccessException e) {
        String state = e.sqlState();
        if (state != null && !state.equals("00000")) return state;
        SQLException sql = e.getCause(SQLException.class);
        return sql == null ? null : sql.getSQLState();
    }

    private static void pause(int attempt) {
        long maxMicros = 500L << Math.min(attempt, 6);
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100, maxMicros) * 1_000L);
    }
}
