package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.event.EventType;

/**
 * What each binlog event type means for the moved tables, decided for every type the binlog library knows: the
 * mapping is a switch expression without a default, so a library upgrade that adds a type does not compile until the
 * type is decided here. Nothing that can carry a change of a moved table is skipped: it is handled or stops the run.
 */
enum EventKind {
    /** GTID: the next transaction's GTID */
    GTID,
    /** ANONYMOUS_GTID: a transaction without GTID (gtid_mode ON_PERMISSIVE); its changes are still synced */
    ANONYMOUS_GTID,
    /** TABLE_MAP: a table id stands for a table until the next TABLE_MAP of that id */
    TABLE_MAP,
    /** WRITE/UPDATE/DELETE rows, v1 and v2: the changed rows' keys */
    ROWS,
    /** PARTIAL_UPDATE_ROWS_EVENT (partial JSON updates): no full after image; stops the run if the table is moved */
    PARTIAL_ROWS,
    /** XID: a transaction commits */
    XID,
    /** XA_PREPARE: the first half of an XA transaction ends (its GTID is complete) */
    XA_PREPARE,
    /** QUERY: BEGIN, COMMIT, DDL, statement-format DML */
    QUERY,
    /** EXECUTE_LOAD_QUERY: a statement-format LOAD DATA */
    LOAD_QUERY,
    /** TRANSACTION_PAYLOAD: a compressed transaction, handled event by event */
    PAYLOAD,
    /** events that carry no change of a table's rows or definition */
    NO_CHANGE,
    /** events that may carry changes tablemover cannot attribute or apply: they stop the run */
    UNSUPPORTED;

    /** @return the kind of {@code type} */
    static EventKind of(EventType type) {
        return switch (type) {
            case GTID -> GTID;
            case ANONYMOUS_GTID -> ANONYMOUS_GTID;
            case TABLE_MAP -> TABLE_MAP;
            case WRITE_ROWS, EXT_WRITE_ROWS, UPDATE_ROWS, EXT_UPDATE_ROWS, DELETE_ROWS, EXT_DELETE_ROWS -> ROWS;
            case PARTIAL_UPDATE_ROWS_EVENT -> PARTIAL_ROWS;
            case XID -> XID;
            case XA_PREPARE -> XA_PREPARE;
            case QUERY -> QUERY;
            case EXECUTE_LOAD_QUERY -> LOAD_QUERY;
            case TRANSACTION_PAYLOAD -> PAYLOAD;
            // stream bookkeeping; group replication metadata; the context of a statement-format statement, which is
            // itself checked (INTVAR, RAND, USER_VAR); file blocks of a LOAD DATA, checked at its EXECUTE_LOAD_QUERY;
            // the text of the statement behind row events (ROWS_QUERY), whose rows are handled; MariaDB bookkeeping
            case ROTATE, START_V3, FORMAT_DESCRIPTION, PREVIOUS_GTIDS, HEARTBEAT, STOP, IGNORABLE, TRANSACTION_CONTEXT,
                    VIEW_CHANGE, INTVAR, RAND, USER_VAR, BEGIN_LOAD_QUERY, APPEND_BLOCK, DELETE_FILE, ROWS_QUERY,
                    ANNOTATE_ROWS, BINLOG_CHECKPOINT -> NO_CHANGE;
            // an incident (the source says events are missing), pre-GA row events and the LOAD DATA events of MySQL
            // before 5.0 (no table to tell), MariaDB GTIDs (a MariaDB source is not supported), types the library
            // does not know (UNKNOWN), and SLAVE (never written)
            case INCIDENT, PRE_GA_WRITE_ROWS, PRE_GA_UPDATE_ROWS, PRE_GA_DELETE_ROWS, LOAD, NEW_LOAD, CREATE_FILE,
                    EXEC_LOAD, MARIADB_GTID, MARIADB_GTID_LIST, UNKNOWN, SLAVE -> UNSUPPORTED;
        };
    }
}
