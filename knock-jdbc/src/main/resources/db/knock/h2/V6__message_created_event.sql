-- A message's creation event (its first history event, written in the change set that inserts it at
-- its created_at: queued, delivered "stored in feed" or not_sent) lives on the message row instead of
-- as a row of knock_message_events; MessageRepository.messageEvents reads it first. Null for a message
-- without one and for every message written before V6, whose events all stay rows.
ALTER TABLE knock_messages ADD COLUMN created_event VARCHAR(64);
ALTER TABLE knock_messages ADD COLUMN created_event_detail CHARACTER LARGE OBJECT;
