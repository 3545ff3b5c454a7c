package io.github.knockj.jdbc.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The tables and columns of the knock schema ({@code db/knock/<dialect>/V*.sql}), named for jOOQ
 * without code generation. Columns are qualified by their table so that joins stay unambiguous.
 */
final class Schema {
    private Schema() {}

    static final class Users {
        static final Table<Record> T = table(name("knock_users"));
        static final Field<String> ID = str(T, "id");
        static final Field<String> NAME = str(T, "name");
        static final Field<String> EMAIL = str(T, "email");
        static final Field<String> PHONE = str(T, "phone_number");
        static final Field<String> LOCALE = str(T, "locale");
        static final Field<String> TIMEZONE = str(T, "timezone");
        static final Field<String> AVATAR = str(T, "avatar");
        static final Field<String> PROPERTIES = json(T, "properties");
        static final Field<String> CHANNEL_DATA = json(T, "channel_data");
        static final Field<Long> CREATED_AT = millis(T, "created_at");
        static final Field<Long> UPDATED_AT = millis(T, "updated_at");
    }

    static final class Objects {
        static final Table<Record> T = table(name("knock_objects"));
        static final Field<String> COLLECTION = str(T, "collection");
        static final Field<String> ID = str(T, "id");
        static final Field<String> PROPERTIES = json(T, "properties");
        static final Field<String> CHANNEL_DATA = json(T, "channel_data");
        static final Field<Long> CREATED_AT = millis(T, "created_at");
        static final Field<Long> UPDATED_AT = millis(T, "updated_at");
    }

    static final class Subscriptions {
        static final Table<Record> T = table(name("knock_subscriptions"));
        static final Field<String> COLLECTION = str(T, "collection");
        static final Field<String> OBJECT_ID = str(T, "object_id");
        static final Field<String> USER_ID = str(T, "user_id");
        static final Field<String> PROPERTIES = json(T, "properties");
        static final Field<Long> CREATED_AT = millis(T, "created_at");
    }

    static final class Tenants {
        static final Table<Record> T = table(name("knock_tenants"));
        static final Field<String> ID = str(T, "id");
        static final Field<String> NAME = str(T, "name");
        static final Field<String> TIMEZONE = str(T, "timezone");
        static final Field<String> PROPERTIES = json(T, "properties");
        static final Field<String> PREFERENCES = json(T, "preferences");
    }

    static final class Preferences {
        static final Table<Record> T = table(name("knock_preferences"));
        static final Field<String> USER_ID = str(T, "user_id");
        static final Field<String> SET_ID = str(T, "set_id");
        static final Field<String> PREFERENCES = json(T, "preferences");
    }

    static final class Triggers {
        static final Table<Record> T = table(name("knock_triggers"));
        static final Field<String> ID = str(T, "id");
        static final Field<String> WORKFLOW_KEY = str(T, "workflow_key");
        static final Field<String> RECIPIENTS = json(T, "recipients");
        static final Field<String> ACTOR_ID = str(T, "actor_id");
        static final Field<String> TENANT = str(T, "tenant");
        static final Field<String> DATA = json(T, "data");
        static final Field<String> RECIPIENT_DATA = json(T, "recipient_data");
        static final Field<String> CANCELLATION_KEY = str(T, "cancellation_key");
        static final Field<String> IDEMPOTENCY_KEY = str(T, "idempotency_key");
        static final Field<Boolean> SKIP_DELAYS = bool(T, "skip_delays");
        static final Field<Integer> DEPTH = integer(T, "depth");
        static final Field<Long> CREATED_AT = millis(T, "created_at");
        static final Field<String> TRACE_CONTEXT = str(T, "trace_context");
    }

    static final class Runs {
        static final Table<Record> T = table(name("knock_runs"));
        static final Field<String> ID = str(T, "id");
        static final Field<String> TRIGGER_ID = str(T, "trigger_id");
        static final Field<String> WORKFLOW_KEY = str(T, "workflow_key");
        static final Field<String> RECIPIENT = str(T, "recipient");
        static final Field<String> ACTOR_ID = str(T, "actor_id");
        static final Field<String> TENANT = str(T, "tenant");
        static final Field<String> DATA = json(T, "data");
        static final Field<String> CANCELLATION_KEY = str(T, "cancellation_key");
        static final Field<String> STATUS = str(T, "status");
        static final Field<String> CURSOR = str(T, "cursor_ref");
        static final Field<String> STATE = json(T, "state");
        static final Field<Integer> DEPTH = integer(T, "depth");
        static final Field<Boolean> SKIP_DELAYS = bool(T, "skip_delays");
        static final Field<Long> CREATED_AT = millis(T, "created_at");
        static final Field<Long> UPDATED_AT = millis(T, "updated_at");
        static final Field<Long> VERSION = millis(T, "version");
        /** The run's log (V5), lines of {@link RunLogText}; not among the columns runs are read with. */
        static final Field<String> LOG = json(T, "log_entries");
    }

    /** The run log as written before V5, a row per entry; read, and deleted with its runs, but no longer written. */
    static final class RunLog {
        static final Table<Record> T = table(name("knock_run_log"));
        static final Field<Long> SEQ = millis(T, "seq");
        static final Field<String> RUN_ID = str(T, "run_id");
        static final Field<Long> AT = millis(T, "logged_at");
        static final Field<String> STEP_REF = str(T, "step_ref");
        static final Field<String> OUTCOME = str(T, "outcome");
        static final Field<String> DETAIL = json(T, "detail");
    }

    static final class Messages {
        static final Table<Record> T = table(name("knock_messages"));
        static final Field<String> ID = str(T, "id");
        static final Field<String> RUN_ID = str(T, "run_id");
        static final Field<String> WORKFLOW_KEY = str(T, "workflow_key");
        static final Field<String> STEP_REF = str(T, "step_ref");
        static final Field<String> CHANNEL_KEY = str(T, "channel_key");
        static final Field<String> CHANNEL_TYPE = str(T, "channel_type");
        static final Field<String> RECIPIENT = str(T, "recipient");
        static final Field<String> TENANT = str(T, "tenant");
        static final Field<String> ACTOR_ID = str(T, "actor_id");
        static final Field<String> CATEGORIES = str(T, "categories");
        static final Field<String> CONTENT = json(T, "content");
        static final Field<String> DATA = json(T, "data");
        static final Field<String> STATUS = str(T, "status");
        static final Field<Integer> ATTEMPTS = integer(T, "attempts");
        static final Field<Long> SEEN_AT = millis(T, "seen_at");
        static final Field<Long> READ_AT = millis(T, "read_at");
        static final Field<Long> INTERACTED_AT = millis(T, "interacted_at");
        static final Field<Long> LINK_CLICKED_AT = millis(T, "link_clicked_at");
        static final Field<Long> ARCHIVED_AT = millis(T, "archived_at");
        static final Field<Long> CREATED_AT = millis(T, "created_at");
        static final Field<Long> UPDATED_AT = millis(T, "updated_at");
        /** The type of the message's creation event, kept on its row (V6); null if it has none there. */
        static final Field<String> CREATED_EVENT = str(T, "created_event");
        /** The detail of that event, or null. */
        static final Field<String> CREATED_EVENT_DETAIL = json(T, "created_event_detail");
    }

    static final class Events {
        static final Table<Record> T = table(name("knock_message_events"));
        static final Field<Long> SEQ = millis(T, "seq");
        static final Field<String> MESSAGE_ID = str(T, "message_id");
        static final Field<Long> AT = millis(T, "occurred_at");
        static final Field<String> TYPE = str(T, "event_type");
        static final Field<String> DETAIL = json(T, "detail");
    }

    static final class Jobs {
        static final Table<Record> T = table(name("knock_jobs"));
        static final Field<String> ID = str(T, "id");
        static final Field<String> KIND = str(T, "kind");
        static final Field<String> TARGET = str(T, "target");
        static final Field<String> PAYLOAD = json(T, "payload");
        static final Field<Long> DUE_AT = millis(T, "due_at");
        static final Field<Integer> ATTEMPTS = integer(T, "attempts");
        static final Field<String> OWNER = str(T, "owner");
        static final Field<Long> LEASE_UNTIL = millis(T, "lease_until");
        static final Field<Long> CREATED_AT = millis(T, "created_at");
    }

    static final class Batches {
        static final Table<Record> T = table(name("knock_batches"));
        static final Field<String> ID = str(T, "id");
        static final Field<String> KEY = str(T, "batch_key");
        static final Field<String> KEY_DIGEST = str(T, "key_digest");
        static final Field<String> OPEN_KEY = str(T, "open_key");
        static final Field<Long> CLOSE_AT = millis(T, "close_at");
        static final Field<Long> MAX_CLOSE_AT = millis(T, "max_close_at");
        static final Field<String> LEADING_RUN_ID = str(T, "leading_run_id");
        static final Field<String> FLUSH_JOB_ID = str(T, "flush_job_id");
        static final Field<Long> CREATED_AT = millis(T, "created_at");
    }

    static final class Activities {
        static final Table<Record> T = table(name("knock_batch_activities"));
        static final Field<Long> SEQ = millis(T, "seq");
        static final Field<String> BATCH_ID = str(T, "batch_id");
        static final Field<String> RUN_ID = str(T, "run_id");
        static final Field<String> ACTOR_ID = str(T, "actor_id");
        static final Field<String> DATA = json(T, "data");
        static final Field<Long> JOINED_AT = millis(T, "joined_at");
    }

    static final class ThrottleKeys {
        static final Table<Record> T = table(name("knock_throttle_keys"));
        static final Field<String> KEY = str(T, "throttle_key");
    }

    static final class ThrottleHits {
        static final Table<Record> T = table(name("knock_throttle_hits"));
        static final Field<String> KEY = str(T, "throttle_key");
        static final Field<String> RUN_ID = str(T, "run_id");
        static final Field<Long> AT = millis(T, "hit_at");
        static final Field<Boolean> ADMITTED = bool(T, "admitted");
    }

    static final class Idempotency {
        static final Table<Record> T = table(name("knock_idempotency"));
        static final Field<String> KEY = str(T, "idempotency_key");
        static final Field<String> FINGERPRINT = str(T, "fingerprint");
        static final Field<String> TRIGGER_ID = str(T, "trigger_id");
        static final Field<Long> CREATED_AT = millis(T, "created_at");
        static final Field<Long> EXPIRES_AT = millis(T, "expires_at");
    }

    static final class Cancellations {
        static final Table<Record> T = table(name("knock_cancellations"));
        static final Field<Long> SEQ = millis(T, "seq");
        static final Field<String> WORKFLOW_KEY = str(T, "workflow_key");
        static final Field<String> CANCELLATION_KEY = str(T, "cancellation_key");
        static final Field<String> RECIPIENTS = json(T, "recipients");
        static final Field<Long> AT = millis(T, "requested_at");
    }

    static final class Schedules {
        static final Table<Record> T = table(name("knock_schedules"));
        static final Field<String> ID = str(T, "id");
        static final Field<String> WORKFLOW_KEY = str(T, "workflow_key");
        static final Field<String> RECIPIENTS = json(T, "recipients");
        static final Field<String> ACTOR_ID = str(T, "actor_id");
        static final Field<String> TENANT = str(T, "tenant");
        static final Field<String> DATA = json(T, "data");
        static final Field<String> REPEAT = json(T, "repeat_rule");
        static final Field<Long> ENDS_AT = millis(T, "ends_at");
        static final Field<Long> NEXT_AT = millis(T, "next_at");
        static final Field<Long> LAST_AT = millis(T, "last_at");
        static final Field<Long> CREATED_AT = millis(T, "created_at");
        static final Field<Long> UPDATED_AT = millis(T, "updated_at");
    }

    static final class Locks {
        static final Table<Record> T = table(name("knock_locks"));
        static final Field<String> NAME = str(T, "name");
    }

    private static Field<String> str(Table<?> t, String column) {
        return field(name(t.getName(), column), SQLDataType.VARCHAR);
    }

    private static Field<String> json(Table<?> t, String column) {
        return field(name(t.getName(), column), SQLDataType.CLOB);
    }

    private static Field<Long> millis(Table<?> t, String column) {
        return field(name(t.getName(), column), SQLDataType.BIGINT);
    }

    private static Field<Integer> integer(Table<?> t, String column) {
        return field(name(t.getName(), column), SQLDataType.INTEGER);
    }

    private static Field<Boolean> bool(Table<?> t, String column) {
        return field(name(t.getName(), column), SQLDataType.BOOLEAN);
    }
}
