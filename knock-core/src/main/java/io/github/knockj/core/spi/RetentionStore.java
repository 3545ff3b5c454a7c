package io.github.knockj.core.spi;

import java.time.Instant;

/**
 * The store's role for retention: deleting, in bounded chunks, what is old and finished. What goes
 * when is core's policy, passed as a {@link PurgeRequest} (a cutoff and a limit per
 * {@link RetentionKind}); the store runs one bounded delete per kind and reports what it deleted.
 *
 * <p>Invariants an implementation enforces: nothing still live is deleted (an active or paused run, a
 * message not yet final, an idempotency record not expired before the cutoff), whatever the cutoff;
 * each call deletes at most the limit of each kind, so it never holds a long transaction.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface RetentionStore {
    /**
     * Deletes, for each kind the request names, rows older than its cutoff, at most its limit (see
     * {@link RetentionKind} for what each kind deletes).
     *
     * @param request the cutoff and limit per kind
     * @return how many rows of each kind it deleted (call again for the kinds that reached their limit)
     */
    PurgeResult purge(PurgeRequest request);

    /**
     * Purges every kind with one cutoff and one limit: {@code purge(PurgeRequest.everyKind(cutoff, limit)).total()}.
     *
     * @param cutoff rows older than this are deleted
     * @param limit the largest number of rows of each kind to delete in this call
     * @return how many rows it deleted over all kinds
     */
    default int purge(Instant cutoff, int limit) {
        return purge(PurgeRequest.everyKind(cutoff, limit)).total();
    }
}
