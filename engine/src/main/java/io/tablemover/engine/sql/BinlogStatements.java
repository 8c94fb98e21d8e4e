package io.tablemover.engine.sql;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The statements that read where a run's binlog stream stands against the source: the transactions the source has
 * executed that a GTID set lacks, the binary logs the source keeps, and how long it keeps them. Built with jOOQ (the
 * GTID set is a bind value); {@code SHOW BINARY LOGS} has no jOOQ builder and is a fixed text. Thread-safe (stateless).
 */
public final class BinlogStatements {
    private static final DSLContext RENDER = DSL.using(SQLDialect.MYSQL);

    private BinlogStatements() {}

    /**
     * {@code SELECT @@server_uuid, @@global.gtid_executed, GTID_SUBTRACT(@@global.gtid_executed, ?)}: one row, the
     * source's identity, its executed GTID set and the part of it {@code applied} lacks (empty text if none).
     *
     * @param applied a GTID set, e.g. a run's applied set {@code 3E11FA47-...:1-1234}
     */
    public static ResultQuery<Record3<String, String, String>> selectGtidGap(String applied) {
        var executed = DSL.field("@@global.gtid_executed", String.class);
        return RENDER.select(DSL.field("@@server_uuid", String.class), executed,
                DSL.function("GTID_SUBTRACT", String.class, executed, DSL.val(applied)));
    }

    /**
     * {@code SHOW BINARY LOGS}: one row per binary log the source keeps, oldest first: {@code Log_name},
     * {@code File_size}, {@code Encrypted}. Needs REPLICATION CLIENT (the run's source user has it).
     */
    public static ResultQuery<Record> showBinaryLogs() {
        return RENDER.resultQuery("show binary logs");
    }

    /**
     * {@code SELECT @@global.binlog_expire_logs_seconds, @@global.gtid_purged, UNIX_TIMESTAMP()}: how long the source
     * keeps its binary logs (0: forever), the GTID set already purged, and the source's clock.
     */
    public static ResultQuery<Record3<Long, String, Long>> selectRetention() {
        return RENDER.select(DSL.field("@@global.binlog_expire_logs_seconds", Long.class),
                DSL.field("@@global.gtid_purged", String.class), DSL.field("unix_timestamp()", Long.class));
    }
}
