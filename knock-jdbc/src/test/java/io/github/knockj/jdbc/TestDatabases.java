package io.github.knockj.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The databases tests run on: one embedded PostgreSQL 17 server per test JVM (started on first
 * use), with a fresh schema for every store; and fresh in-memory H2 databases.
 */
final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Map<String, String[]> SCHEMAS = new ConcurrentHashMap<>();
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
        return urlOf(newPostgresSchema());
    }

    private static String urlOf(String schema) {
        return postgres().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
    }

    private static String newPostgresSchema() {
        String schema = "knock_t" + COUNTER.incrementAndGet();
        try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return schema;
    }

    /**
     * A store on an empty schema: each calling test class gets one schema, migrated on first use and
     * emptied (TRUNCATE) for each later store, which is much faster than migrating a new schema per test.
     * Relies on a class's tests running one after another, each closing its store.
     */
    static JdbcStore newPostgresStore() {
        return JdbcStore.builder().url(reusedPostgresSchemaUrl()).maximumPoolSize(8).build();
    }

    static String reusedPostgresSchemaUrl() {
        String caller = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(n -> !n.equals(TestDatabases.class.getName())).findFirst()).orElseThrow();
        String[] known = SCHEMAS.get(caller);
        if (known == null) {
            String schema = newPostgresSchema();
            SCHEMAS.put(caller, new String[] {urlOf(schema), schema});
            return urlOf(schema);
        }
        truncate(known[1]);
        return known[0];
    }

    private static void truncate(String schema) {
        try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema
                    + "' AND table_name LIKE 'knock%' AND table_name NOT IN ('knock_schema_version', 'knock_locks')")) {
                while (rs.next()) tables.add(schema + "." + rs.getString(1));
            }
            if (!tables.isEmpty()) s.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A data source of the application's own on a new schema, with awkward settings: autocommit
     * off and a session time zone far from UTC.
     */
    static HikariDataSource awkwardPostgresDataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(reusedPostgresSchemaUrl());
        config.setAutoCommit(false);
        config.setMaximumPoolSize(8);
        config.setConnectionInitSql("SET TIME ZONE 'Pacific/Chatham'");
        return new HikariDataSource(config);
    }

    static JdbcStore newH2Store() {
        return JdbcStore.h2InMemory("knock_t" + COUNTER.incrementAndGet());
    }
}
