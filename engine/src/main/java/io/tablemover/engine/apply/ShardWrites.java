package io.tablemover.engine.apply;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.transfer.RowWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The statements of one shard's part of an {@link ImageWriter} write, in its open transaction: the deletes, in slices
 * of at most {@value ImageWriter#SLICE} keys, then the REPLACEs through the copy's {@link RowWriter}.
 */
final class ShardWrites {
    private ShardWrites() {}

    /**
     * @param writer writes the rows: one multi-row REPLACE per slice, its text rendered once per table (the copy's)
     * @return rows the deletes removed
     * @throws SQLException the server's error (the caller retries deadlocks and lock wait timeouts)
     */
    static int write(Connection tx, RowWriter writer, String db, TableSchema table, List<Column> columns,
                     List<KeyValue> deletes, List<List<Object>> rows) throws SQLException {
        DSLContext dsl = ServerPool.on(tx);
        int removed = 0;
        for (int i = 0; i < deletes.size(); i += ImageWriter.SLICE) {
            List<KeyValue> slice = deletes.subList(i, Math.min(deletes.size(), i + ImageWriter.SLICE));
            removed += Statements.deleteKeys(dsl, db, table.name(), table.requireKey(), slice).execute();
        }
        writer.replace(tx, db, table.name(), columns, rows); // in slices of RowWriter.MAX_ROWS rows and ~8 MiB
        return removed;
    }
}
