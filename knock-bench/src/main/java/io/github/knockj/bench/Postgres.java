package io.github.knockj.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded PostgreSQL 17 on a durable configuration. Embedded PostgreSQL turns
 * {@code synchronous_commit} off by default; the benchmark turns it, {@code fsync} and
 * {@code full_page_writes} back on, so every commit waits for its WAL flush as in production.
 * {@code pg_stat_statements} is preloaded, for {@link DbWork}.
 */
final class Postgres implements AutoCloseable {
    static final List<String> SHOWN = List.of("server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method",
            "shared_buffers", "max_wal_size", "checkpoint_timeout", "max_connections", "data_directory");
    private final EmbeddedPostgres pg;
    private final AtomicInteger schemas = new AtomicInteger();

    private Postgres(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    static Postgres start() {
        try {
            return new Postgres(EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /** The server settings in force, as the server reports them. */
    Map<String, String> settings() {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            for (String name : SHOWN) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    out.put(name, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** A new empty schema. */
    String newSchema() {
        String schema = "bench_" + schemas.incrementAndGet();
        exec("CREATE SCHEMA " + schema);
        return schema;
    }

    void dropSchema(String schema) {
        exec("DROP SCHEMA " + schema + " CASCADE");
        exec("CHECKPOINT");
    }

    /** Flushes dirty pages, so a measurement does not pay for the previous one's checkpoint. */
    void checkpoint() {
        exec("CHECKPOINT");
    }

    /** A new database, a copy of {@code template} (which nobody may be connected to), or empty if it is null. */
    String newDatabase(String template) {
        String db = "bench_db_" + schemas.incrementAndGet();
        exec("CREATE DATABASE " + db + (template == null ? "" : " TEMPLATE " + template));
        return db;
    }

    void dropDatabase(String db) {
        exec("DROP DATABASE " + db + " WITH (FORCE)");
    }

    /** The URL of database {@code db}'s public schema. */
    String databaseUrl(String db) {
        return pg.getJdbcUrl("postgres", db);
    }

    String url(String schema) {
        return pg.getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
    }

    Connection connect(String schema) throws SQLException {
        return java.sql.DriverManager.getConnection(url(schema) + "&reWriteBatchedInserts=true");
    }

    /** A connection to the {@code postgres} database's public schema, for the bench's own statements. */
    Connection admin() throws SQLException {
        return pg.getPostgresDatabase().getConnection();
    }

    private void exec(String sql) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        try {
            pg.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
