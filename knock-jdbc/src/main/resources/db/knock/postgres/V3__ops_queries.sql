-- The ops console's lists across recipients (RunStore.listRuns, MessageStore.listMessages): newest
-- first by id, filtered by status, workflow or channel. Without these a filter on a rare value
-- (failed runs, undelivered messages) would walk the primary key backwards through every row.
CREATE INDEX knock_runs_status ON knock_runs (status, id);
CREATE INDEX knock_runs_workflow ON knock_runs (workflow_key, id);
CREATE INDEX knock_messages_status ON knock_messages (status, id);
CREATE INDEX knock_messages_channel ON knock_messages (channel_key, id);
