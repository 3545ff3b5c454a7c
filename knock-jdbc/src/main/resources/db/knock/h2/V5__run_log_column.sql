-- A run's log as a column of its run row: one line per entry, each a JSON array
-- [epochMillis, stepRef, "OUTCOME", detail], appended by the statement that writes the run, so that
-- a log entry costs no row of its own. knock_run_log keeps the entries written before this version
-- (they read first) and is no longer written.
ALTER TABLE knock_runs ADD COLUMN log_entries CHARACTER LARGE OBJECT;
