package io.github.knockj.core.spi;

import java.time.Instant;

/**
 * The store's role for retention: deleting, in bounded chunks, what is old and finished (terminal
 * runs with their logs, messages with their history, expired idempotency and cancellation records).
 *
 * <p>Invariants an implementation enforces: nothing still live is deleted (an active run, a message
 * not yet final, an unexpired idempotency record); each call deletes at most its limit of each kind,
 * so it never holds a long transaction.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface RetentionStore {
    /**
     * Deletes terminal runs (with their logs), messages (with their history) and expired
     * idempotency and cancellation records older than {@code cutoff}, at most {@code limit} rows of
     * each kind per call. Returns how many rows it deleted.
     *
     * @param cutoff rows older than this are deleted
     * @param limit the largest number of rows of each kind to delete in this call
     * @return how many rows it deleted (call again while it returns more than zero)
     */
    int purge(Instant cutoff, int limit);
}
