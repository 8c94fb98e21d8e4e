package io.tablemover.engine.copy;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.transfer.ValueReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hands out the chunks of all tables interleaved (round-robin), each chunk {@code chunkSize} rows of key
 * order. A chunk's upper bound is found with a non-locking index read of the key {@code chunkSize} rows
 * on; the last chunk of a table is open-ended, so it also takes rows inserted at the end of the key
 * space meanwhile. Thread-safe: workers call {@link #next()} concurrently.
 */
public final class ChunkPlanner {
    private final ServerPool source;
    private final int chunkSize;
    private final List<Cursor> cursors = new ArrayList<>();
    private int turn;

    private static final class Cursor {
        final TableProgress table;
        Optional<KeyValue> lower = Optional.empty();
        long sequence;
        boolean planned;

        Cursor(TableProgress table) {
            this.table = table;
        }
    }

    /**
     * @param tables the tables to copy, each with a key
     * @param chunkSize rows per chunk
     */
    public ChunkPlanner(ServerPool source, List<TableProgress> tables, int chunkSize) {
        this.source = source;
        this.chunkSize = chunkSize;
        tables.forEach(t -> cursors.add(new Cursor(t)));
    }

    /**
     * @return the next chunk, or empty when every table's chunks have been handed out
     * @throws SQLException if the boundary read fails
     */
    public synchronized Optional<Chunk> next() throws SQLException {
        for (int i = 0; i < cursors.size(); i++) {
            Cursor c = cursors.get((turn + i) % cursors.size());
            if (c.planned) {
                continue;
            }
            turn = (turn + i + 1) % cursors.size();
            KeyRange from = new KeyRange(c.lower, Optional.empty());
            Optional<KeyValue> upper = boundary(c.table.table(), from);
            Chunk chunk = new Chunk(c.table, new KeyRange(c.lower, upper), c.sequence++);
            c.table.chunkPlanned(upper.isEmpty());
            if (upper.isEmpty()) {
                c.planned = true;
            }
            c.lower = upper;
            return Optional.of(chunk);
        }
        return Optional.empty();
    }

    private Optional<KeyValue> boundary(TableSchema t, KeyRange from) throws SQLException {
        var key = t.requireKey();
        try (Connection conn = source.connection();
             ResultSet rs = Statements.chunkBoundary(ServerPool.on(conn), t.database(), t.name(), key, from, chunkSize)
                     .fetchResultSet()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            List<Object> row = ValueReader.readRow(rs, key.columns());
            int[] positions = new int[row.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = i;
            }
            return Optional.of(ValueReader.keyOf(row, positions, key));
        }
    }
}
