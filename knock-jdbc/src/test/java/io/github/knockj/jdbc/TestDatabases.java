package io.github.knockj.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The databases tests run on: one embedded PostgreSQL 17 server per test JVM (started on first
 * use), with a fresh schema for every store; and fresh in-memory H2 databases.
 */
final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    /** A JDBC URL for a new, empty schema in the shared PostgreSQL server. */
    static String newPostgresSchemaUrl() {
        String schema = "knock_t" + COUNTER.incrementAndGet();
        try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgres().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
    }

    static JdbcStore newPostgresStore() {
        return JdbcStore.builder().url(newPostgresSchemaUrl()).maximumPoolSize(8).build();
    }

    /**
     * A data source of the application's own on a new schema, with awkward settings: autocommit
     * off and a session time zone far from UTC.
     */
    static HikariDataSource awkwardPostgresDataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(newPostgresSchemaUrl());
        config.setAutoCommit(false);
        config.setMaximumPoolSize(8);
        config.setConnectionInitSql("SET TIME ZONE 'Pacific/Chatham'");
        return new HikariDataSource(config);
    }

    static JdbcStore newH2Store() {
        return JdbcStore.h2InMemory("knock_t" + COUNTER.incrementAndGet());
    }
}
