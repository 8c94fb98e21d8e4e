package io.tablemover.engine.binlog;

import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import java.util.List;

/**
 * Receives what the binlog stream says about the moved tables, in binlog order, from the stream's
 * one thread.
 */
public interface ChangeSink {
    /**
     * A row of {@code table} changed: its image after the change, in binlog order.
     *
     * @param key the row's key
     * @param row the row's stored columns ({@link TableSchema#storedColumns()}) after an INSERT or UPDATE, as a JDBC
     *     read gives them ({@link RowImageDecoder}); null if no row has the key any more (a DELETE, or the old key of an
     *     UPDATE that changed it)
     */
    void rowImage(TableSchema table, KeyValue key, List<Object> row);

    /**
     * A transaction ended (XID, COMMIT, or a DDL statement).
     *
     * @param gtid its GTID, {@code uuid:number}
     * @param timestampMs when the source wrote it (event header, ms since the epoch)
     */
    void transactionCommitted(String gtid, long timestampMs);

    /** A statement that changes a moved table's definition or contents without row events. */
    void ddl(String table, String sql);

    /** The stream failed for good (the client does not reconnect by itself: a lost connection ends here). */
    void failed(Exception cause);
}
