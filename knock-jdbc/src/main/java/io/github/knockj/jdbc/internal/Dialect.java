package io.github.knockj.jdbc.internal;

import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;

/**
 * What differs between the databases knock runs on; everything else is portable SQL. One
 * implementation per database, each small.
 */
public interface Dialect {
    /** The dialect's name, also the folder of its migrations under {@code db/knock/}. */
    String name();

    /** How jOOQ renders SQL for this database. */
    SQLDialect sqlDialect();

    /** Serialises schema migration across every process on the database, until the transaction ends. */
    void lockSchema(DSLContext ctx);

    /**
     * Inserts those {@code rows} whose key (column {@code keyIndex} of {@code fields}) is not in
     * {@code table} yet, and returns the keys it inserted. May throw a unique violation when a
     * concurrent transaction inserts the same key; the caller's transaction is then retried.
     */
    Set<String> insertAbsent(DSLContext ctx, Table<?> table, List<Field<?>> fields, int keyIndex, List<Object[]> rows);

    /**
     * Leases up to {@code limit} claimable jobs (due by {@code now}, with no lease or an expired one)
     * to {@code owner}, earliest due first, and returns them as stored after the claim, each with the
     * boolean column {@link Mapping#RECOVERED}: true if the job was still under a lease (one that had
     * run out) when claimed. Concurrent claimers must never get the same job.
     */
    List<Record> claimJobs(DSLContext ctx, String owner, long now, long leaseUntil, int limit);

    /**
     * Makes sure a commit that returned survives the process being killed, where the database needs
     * telling; called once when a store is built. Never throws: if the database refuses, it logs
     * what is at risk. Nothing by default.
     */
    default void makeCommitsSurviveKill(Tx tx) {}

    /**
     * Called once when a store is built, before the schema is migrated: puts right what a process
     * that died with the database open left behind, where the database needs that. Nothing by default.
     */
    default void opened(Tx tx) {}

    /** Called once when a store built by {@link #opened} is closed, after its own pool. Nothing by default. */
    default void closed() {}

    /** The dialect for a JDBC URL or a database product name, or null if knock does not support it. */
    static Dialect forName(String urlOrProduct) {
        String s = urlOrProduct == null ? "" : urlOrProduct.toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("jdbc:h2:") || s.equals("h2")) return new H2Dialect();
        if (s.startsWith("jdbc:postgresql:") || s.equals("postgresql")) return new PostgresDialect();
        return null;
    }
}
