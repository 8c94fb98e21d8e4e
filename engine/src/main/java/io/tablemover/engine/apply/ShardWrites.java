package io.tablemover.engine.apply;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.Statements;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The statements of one shard's part of an {@link ImageWriter} write, in its open transaction: the deletes, then the
 * REPLACEs, each in slices of at most {@value ImageWriter#SLICE} keys or rows (and {@link ImageWriter#SLICE_BYTES}
 * bytes of rows).
 */
final class ShardWrites {
    private ShardWrites() {}

    /** @return rows the deletes removed */
    static int write(Connection tx, String db, TableSchema table, List<Column> columns,
                     List<KeyValue> deletes, List<List<Object>> rows) {
        DSLContext dsl = ServerPool.on(tx);
        int removed = 0;
        for (int i = 0; i < deletes.size(); i += ImageWriter.SLICE) {
            List<KeyValue> slice = deletes.subList(i, Math.min(deletes.size(), i + ImageWriter.SLICE));
            removed += Statements.deleteKeys(dsl, db, table.name(), table.requireKey(), slice).execute();
        }
        List<List<Object>> slice = new ArrayList<>();
        long bytes = 0;
        for (List<Object> row : rows) {
            long size = ImageSize.ofRow(row);
            if (!slice.isEmpty() && (slice.size() >= ImageWriter.SLICE || bytes + size > ImageWriter.SLICE_BYTES)) {
                Statements.replaceRows(dsl, db, table.name(), columns, slice).execute();
                slice = new ArrayList<>();
                bytes = 0;
            }
            slice.add(row);
            bytes += size;
        }
        if (!slice.isEmpty()) {
            Statements.replaceRows(dsl, db, table.name(), columns, slice).execute();
        }
        return removed;
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // returned to the pool broken; Hikari evicts it
        }
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; closing it releases everything
        }
    }
}
