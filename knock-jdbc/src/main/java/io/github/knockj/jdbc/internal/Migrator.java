package io.github.knockj.jdbc.internal;

import io.github.knockj.core.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.impl.DSL;

/**
 * Applies the versioned SQL scripts {@code db/knock/<dialect>/V<n>__<description>.sql} that the
 * database has not seen, recording each in {@code knock_schema_version}. Runs under the dialect's
 * migration lock (and a JVM-wide one), so nodes starting together do not race.
 */
public final class Migrator {
    /** Every migration, in order; a new schema version adds a script per dialect and a line here. */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__derived_batch_holder.sql", "V3__ops_queries.sql", "V4__trace_context.sql",
            "V5__run_log_column.sql", "V6__message_created_event.sql");
    private static final Object JVM_LOCK = new Object();

    private Migrator() {}

    /** Brings the schema up to date; returns the versions it applied. */
    public static List<Integer> migrate(Tx tx) {
        Dialect dialect = tx.dialect();
        synchronized (JVM_LOCK) {
            return tx.run("migrate", ctx -> {
                dialect.lockSchema(ctx);
                ctx.execute("CREATE TABLE IF NOT EXISTS knock_schema_version ("
                        + "version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, installed_at BIGINT NOT NULL)");
                Set<Integer> applied = new HashSet<>(ctx.select(DSL.field(DSL.name("version"), Integer.class))
                        .from(DSL.table(DSL.name("knock_schema_version"))).fetch(0, Integer.class));
                List<Integer> done = new ArrayList<>();
                for (String script : SCRIPTS) {
                    int version = Integer.parseInt(script.substring(1, script.indexOf("__")));
                    if (applied.contains(version)) continue;
                    for (String statement : statements(load(dialect.name(), script))) ctx.execute(statement);
                    ctx.insertInto(DSL.table(DSL.name("knock_schema_version")),
                                    DSL.field(DSL.name("version")), DSL.field(DSL.name("description")), DSL.field(DSL.name("installed_at")))
                            .values(version, script.substring(script.indexOf("__") + 2, script.length() - 4), System.currentTimeMillis())
                            .execute();
                    done.add(version);
                }
                return done;
            });
        }
    }

    private static String load(String dialect, String script) {
        String path = "db/knock/" + dialect + "/" + script;
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new StoreException("migration " + path + " is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("could not read migration " + path, e);
        }
    }

    /** The script's statements: comment lines dropped, split at semicolons that end a line. */
    static List<String> statements(String script) {
        StringBuilder clean = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) clean.append(line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String s : clean.toString().split(";\\s*\n")) {
            if (!s.isBlank()) out.add(s.strip().replaceAll(";$", ""));
        }
        return out;
    }
}
