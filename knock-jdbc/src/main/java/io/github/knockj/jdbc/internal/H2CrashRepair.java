package io.github.knockj.jdbc.internal;

import io.github.knockj.core.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds knock's indexes in an H2 file whose previous process died without closing its stores.
 *
 * <p>H2's MVStore (2.4 and 2.5 alike) can leave a secondary index out of step with its table when
 * the process is killed while transactions commit: an index entry for a row that is not there, or
 * a row missing from an index. The rows themselves were right in every case we examined, but the
 * next statement to use such an index failed or spun inside H2 until its lock timeout, again and
 * again, so a restarted instance never finished the work ({@code H2FileKillTest}, about one kill in
 * ten on a busy machine). A marker file beside the database ({@code <name>.knock-open}) exists
 * while a store has the file open; a store that finds it when it is the first in its JVM to open
 * the file knows the last process died, and rebuilds every index and key constraint of the knock
 * tables from their rows (the same definitions, read back from H2's {@code SCRIPT NODATA}) before
 * it migrates or serves anything. That costs a pass over the tables after an unclean stop only. The
 * plan is written to {@code <name>.knock-rebuild.sql} first, so a rebuild cut short is finished by
 * the next start.
 *
 * <p>Not covered: a process that keeps using the database through a data source of its own after
 * closing its last store (the marker is gone by then), and a database shared with another process
 * through H2's server mode.
 */
final class H2CrashRepair {
    private static final Logger log = LoggerFactory.getLogger(H2CrashRepair.class);
    private static final String MARKER_SUFFIX = ".knock-open";
    private static final String PLAN_SUFFIX = ".knock-rebuild.sql";
    /** Marker files this JVM's open stores hold, and how many stores hold each. */
    private static final Map<Path, Integer> OPEN = new HashMap<>();

    private static final Pattern INDEX = Pattern.compile(
            "CREATE (?:UNIQUE )?(?:PRIMARY KEY HASH |HASH )?INDEX (\\S+) ON (\"[^\"]+\"\\.)?\"(KNOCK_[^\"]*)\".*", Pattern.DOTALL);
    private static final Pattern CONSTRAINT = Pattern.compile(
            "ALTER TABLE ((?:\"[^\"]+\"\\.)?\"KNOCK_[^\"]*\") ADD CONSTRAINT (\\S+) (PRIMARY KEY|UNIQUE|FOREIGN KEY).*", Pattern.DOTALL);

    private Path marker;

    /**
     * Called once when a store is built, before anything else touches the database: rebuilds the
     * indexes if the previous process died with the file open, then marks the file open.
     */
    void opened(Tx tx) {
        String path = tx.<String>run("reading H2's database path", ctx -> (String) ctx.fetchValue("SELECT DATABASE_PATH()"));
        if (path == null) return; // in memory: nothing survives a crash
        Path file = Path.of(path + MARKER_SUFFIX);
        synchronized (OPEN) {
            // another store of this JVM has it open: no crash in between
            if (!OPEN.containsKey(file)) {
                if (Files.exists(file) || Files.exists(Path.of(path + PLAN_SUFFIX))) rebuild(tx, path);
                try {
                    Files.writeString(file, "a knock store has this H2 database open; if no process does, the last one died without"
                            + " closing it and the next store to open it rebuilds knock's indexes\n");
                } catch (IOException e) {
                    log.warn("could not write {}: if this process dies, the next one cannot tell that knock's indexes in the H2 file"
                            + " need rebuilding ({})", file, e.toString());
                }
            }
            // counted only once open: a rebuild that failed leaves the next store of this JVM to try again
            OPEN.merge(file, 1, Integer::sum);
            marker = file;
        }
    }

    /** Called when the store is closed: the last store of this JVM to close the file removes the marker. */
    void closed() {
        if (marker == null) return;
        synchronized (OPEN) {
            int stores = OPEN.merge(marker, -1, Integer::sum);
            if (stores > 0) return;
            OPEN.remove(marker);
            try {
                Files.deleteIfExists(marker);
            } catch (IOException e) {
                log.warn("could not delete {}: the next store to open the H2 file will rebuild knock's indexes ({})", marker, e.toString());
            }
        }
    }

    private static void rebuild(Tx tx, String path) {
        long started = System.nanoTime();
        Path plan = Path.of(path + PLAN_SUFFIX);
        List<String> statements;
        try {
            if (Files.exists(plan)) {
                // the last rebuild was cut short: what it dropped is no longer in SCRIPT's output
                statements = Files.readAllLines(plan).stream().filter(l -> !l.isBlank()).toList();
            } else {
                statements = plan(tx);
                Path temporary = Path.of(path + PLAN_SUFFIX + ".tmp");
                Files.write(temporary, statements);
                Files.move(temporary, plan, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new StoreException("could not write " + plan + ", the plan to rebuild knock's indexes in the H2 database "
                    + path + " after an unclean stop: " + e, e);
        }
        log.warn("the H2 database {} was not closed by the last process that used it; rebuilding knock's indexes and keys"
                + " ({} statements)", path, statements.size());
        // H2 commits each DDL statement by itself: if this is cut short too, the plan file is still
        // there and the next start carries it out again from the top (the drops say IF EXISTS)
        tx.run("rebuilding knock's indexes after an unclean stop", ctx -> {
            for (String sql : statements) ctx.execute(sql);
            return null;
        });
        try {
            Files.deleteIfExists(plan);
        } catch (IOException e) {
            log.warn("could not delete {}; the next start after a crash will carry it out again ({})", plan, e.toString());
        }
        log.warn("rebuilt knock's indexes and keys in the H2 database {} in {} ms", path, (System.nanoTime() - started) / 1_000_000);
    }

    /** Drops and re-creates of every index and key of the knock tables, in an order H2 accepts. */
    private static List<String> plan(Tx tx) {
        List<String> script = tx.run("reading the definitions of knock's indexes", ctx -> ctx.fetch("SCRIPT NODATA").getValues(0, String.class));
        List<String> dropKeys = new ArrayList<>();
        List<String> dropForeignKeys = new ArrayList<>();
        List<String> dropIndexes = new ArrayList<>();
        List<String> createKeys = new ArrayList<>();
        List<String> createForeignKeys = new ArrayList<>();
        List<String> createIndexes = new ArrayList<>();
        for (String statement : script) {
            String sql = statement.strip().replace('\n', ' ');
            if (sql.endsWith(";")) sql = sql.substring(0, sql.length() - 1);
            Matcher index = INDEX.matcher(sql);
            Matcher constraint = CONSTRAINT.matcher(sql);
            if (index.matches()) {
                dropIndexes.add("DROP INDEX IF EXISTS " + index.group(1));
                createIndexes.add(sql);
            } else if (constraint.matches()) {
                String drop = "ALTER TABLE " + constraint.group(1) + " DROP CONSTRAINT IF EXISTS " + constraint.group(2);
                boolean foreign = constraint.group(3).equals("FOREIGN KEY");
                (foreign ? dropForeignKeys : dropKeys).add(drop);
                (foreign ? createForeignKeys : createKeys).add(sql);
            }
        }
        List<String> statements = new ArrayList<>();
        statements.addAll(dropForeignKeys);
        statements.addAll(dropIndexes);
        statements.addAll(dropKeys);
        statements.addAll(createKeys);
        statements.addAll(createIndexes);
        statements.addAll(createForeignKeys);
        return statements;
    }
}
