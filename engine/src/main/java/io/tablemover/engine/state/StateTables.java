package io.tablemover.engine.state;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import org.jooq.Field;

/**
 * Names of the run-state tables (all in the target database, prefixed {@code _tablemover_}) and of
 * their columns, shared by the migrations and the store. The tables themselves are
 * {@link io.tablemover.engine.sql.Statements#table(String, String)}.
 */
final class StateTables {
    static final String HISTORY = "_tablemover_schema_history";
    static final String RUNS = "_tablemover_runs";
    static final String TABLES = "_tablemover_tables";
    static final String JOURNAL = "_tablemover_journal";
    static final String VERIFY = "_tablemover_verify";

    static final Field<Integer> H_VERSION = field(name("version"), Integer.class);
    static final Field<String> H_DESCRIPTION = field(name("description"), String.class);
    static final Field<String> H_CHECKSUM = field(name("checksum"), String.class);
    static final Field<java.time.LocalDateTime> H_INSTALLED_ON = field(name("installed_on"), java.time.LocalDateTime.class);
    static final Field<Boolean> H_SUCCESS = field(name("success"), Boolean.class);

    static final Field<String> TOKEN = field(name("token"), String.class);
    static final Field<String> SOURCE_DB = field(name("source_db"), String.class);
    static final Field<String> TARGET_DB = field(name("target_db"), String.class);
    static final Field<String> TABLE_LIST = field(name("tables"), String.class);
    static final Field<String> SOURCE_UUID = field(name("source_uuid"), String.class);
    static final Field<String> TARGET_UUID = field(name("target_uuid"), String.class);
    static final Field<String> PHASE = field(name("phase"), String.class);
    static final Field<String> START_GTID = field(name("start_gtid"), String.class);
    static final Field<String> APPLIED_GTID = field(name("applied_gtid"), String.class);
    static final Field<String> DRAIN_GTID = field(name("drain_gtid"), String.class);
    static final Field<String> VERSION = field(name("tool_version"), String.class);
    static final Field<java.time.LocalDateTime> CREATED_AT = field(name("created_at"), java.time.LocalDateTime.class);
    static final Field<java.time.LocalDateTime> UPDATED_AT = field(name("updated_at"), java.time.LocalDateTime.class);
    static final Field<String> LAST_ERROR = field(name("last_error"), String.class);
    static final Field<String> HOOKS_FIRED = field(name("hooks_fired"), String.class);
    static final Field<Long> APPLIED_EVENT_MS = field(name("applied_event_ms"), Long.class);
    static final Field<String> REVERSE_GTID = field(name("reverse_gtid"), String.class);
    static final Field<java.time.LocalDateTime> REVERSE_UNTIL = field(name("reverse_until"), java.time.LocalDateTime.class);
    static final Field<String> REVERT_GTID = field(name("revert_gtid"), String.class);
    static final Field<String> REVERSE_REQUEST = field(name("reverse_request"), String.class);
    static final Field<Long> REVERSE_LAG_MS = field(name("reverse_lag_ms"), Long.class);

    static final Field<String> TABLE_NAME = field(name("table_name"), String.class);
    static final Field<String> KEY_COLUMNS = field(name("key_columns"), String.class);
    static final Field<String> LOW_KEY = field(name("low_key"), String.class);
    static final Field<Long> ROWS_COPIED = field(name("rows_copied"), Long.class);
    static final Field<Long> CHUNKS_COPIED = field(name("chunks_copied"), Long.class);
    static final Field<Boolean> DONE = field(name("done"), Boolean.class);

    static final Field<Long> V_ROWS = field(name("rows_compared"), Long.class);
    static final Field<Long> V_CHUNKS = field(name("chunks_compared"), Long.class);
    static final Field<Long> V_REPAIRED = field(name("keys_repaired"), Long.class);

    static final Field<Long> J_ID = field(name("id"), Long.class);
    static final Field<java.time.LocalDateTime> J_AT = field(name("at"), java.time.LocalDateTime.class);
    static final Field<String> J_MESSAGE = field(name("message"), String.class);

    private StateTables() {}
}
