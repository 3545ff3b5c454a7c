package io.github.knockj.core.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store's role for batches (digests): the open batch per batch key, its activities in the order
 * they joined, its close time (and the latest close a sliding window may reach), the run that opened
 * it if it leads, and the flush job that closes it.
 *
 * <p>Invariants an implementation enforces: one open batch per key (concurrent joins never open two);
 * a batch opens together with its flush job, which is due at the batch's close (moved with it while
 * unleased); adding is idempotent per run; a closed batch takes no further activity and closing it
 * again returns the same contents.
 *
 * <p>The rules are core's: how a join moves or closes its batch is {@link BatchRequest#afterJoin},
 * which the store evaluates under its lock on the batch. The holder of a batch (the run that
 * continues with it) is not stored: it is the run of the batch's earliest remaining activity, so a
 * batch whose holder was cancelled passes to its next activity's run by itself.
 * Part of {@link Store}; the general contract (atomic methods, thread safety, snapshots) is there.
 */
public interface BatchStore {
    /**
     * Adds an activity to the one open batch for the key, opening it (with its flush job, due at
     * {@code closeAt}) if none is open, atomically: concurrent requests for one key never open two
     * batches. A batch opened by a {@code flushLeading} request does not collect the opener's
     * activity: that run is answered {@link BatchJoin.Outcome#LEADING}. Otherwise the run is answered
     * {@link BatchJoin.Outcome#HOLDER} if its activity is the batch's earliest, else
     * {@link BatchJoin.Outcome#JOINED}. Under its lock on the batch, the store then applies
     * {@link BatchRequest#afterJoin} with the batch's close, its stored {@code maxCloseAt} and its
     * activity count: it moves the close (and the unleased flush job's due time) and closes the batch
     * if told to. A run asking again for the same key gets the same answer, whether the batch is still
     * open or has closed.
     *
     * @param request the batch key, the activity, the window and limits
     * @return which batch the activity joined and whether it opened it (see {@link BatchJoin.Outcome})
     */
    BatchJoin addToBatch(BatchRequest request);

    /**
     * Adds several activities as {@link #addToBatch} does, one after another in list order, and
     * returns their joins in that order. A store with transactions adds them all in one (a failure
     * adds none); this default adds them one by one. Like {@code addToBatch}, it is idempotent per
     * run, so requests that failed may be made again whole.
     *
     * @param requests the activities to add, in order
     * @return one join per request, in the same order
     */
    default List<BatchJoin> addToBatches(List<BatchRequest> requests) {
        List<BatchJoin> joins = new ArrayList<>(requests.size());
        for (BatchRequest r : requests) joins.add(addToBatch(r));
        return joins;
    }

    /**
     * Closes a batch if its close time has come: returns {@link BatchClose#notDue} if it closes
     * later; otherwise closes it (no further activity joins) and returns its contents, with the
     * first (or, if {@code lastActivities}, the last) {@code activityLimit} activities and up to
     * {@code actorLimit} distinct actors. Closing a closed batch returns the same contents. Empty
     * if there is no such batch.
     *
     * @param batchId the batch
     * @param now the current time, compared with the batch's close time
     * @param activityLimit the largest number of activities to return
     * @param lastActivities true to return the last {@code activityLimit} activities, false the first
     * @param actorLimit the largest number of distinct actors to return
     * @return the batch's contents or {@link BatchClose#notDue}; empty if there is no such batch
     */
    Optional<BatchClose> closeBatch(String batchId, Instant now, int activityLimit, boolean lastActivities, int actorLimit);
}
