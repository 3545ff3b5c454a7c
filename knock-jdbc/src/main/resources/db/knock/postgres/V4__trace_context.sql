-- The trace context of a trigger's knock.trigger span (NotifierTracing), parent of its runs' and
-- deliveries' spans; null when the Notifier does not trace. At most 1000 characters (Tracing drops longer).
ALTER TABLE knock_triggers ADD COLUMN trace_context VARCHAR(1000);
