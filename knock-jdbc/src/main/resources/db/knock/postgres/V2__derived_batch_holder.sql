-- A batch's holder is no longer stored: it is the run of the batch's earliest activity (seq order),
-- so cancelling a holder hands its batch over without an update.
DROP INDEX IF EXISTS knock_batches_holder;
ALTER TABLE knock_batches DROP COLUMN holder_run_id;
