package io.tablemover.engine.binlog;

import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;

/**
 * Receives what the binlog stream says about the moved tables, in binlog order, from the stream's
 * one thread.
 */
public interface ChangeSink {
    /** A row of {@code table} with this key was inserted, updated (old and new key) or deleted. */
    void keyChanged(TableSchema table, KeyValue key);

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
