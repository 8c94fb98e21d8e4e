package io.tablemover.engine.copy;

import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.MysqlType;
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
 * order and at most {@code maxBytes} bytes (plus one row). A chunk's upper bound is found with a non-locking
 * index read of the key {@code chunkSize} rows on; the last chunk of a table is open-ended, so it also takes rows
 * inserted at the end of the key space meanwhile. Thread-safe: workers call {@link #next()} concurrently.
 *
 * <p>Bytes: a table whose widest possible row times {@code chunkSize} could pass {@code maxBytes} (BLOB, TEXT,
 * JSON, spatial or long string columns) has its bounds found by a read that sums its rows' bytes
 * ({@link Statements#chunkBoundaryByBytes}): the chunk ends at the first row at which they reach {@code maxBytes}.
 * That read looks at a limited number of rows ahead, sized from the average row bytes it saw last (at first
 * {@value #PROBE_ROWS} rows), so 4 MiB rows are read a few at a time on the server, never 1,000 at once; a chunk the
 * look-ahead ended early is just smaller. A chunk of 1,000 rows of 4 MiB would need 4 GiB of heap to copy.
 *
 * <p>A table has at most one chunk in flight: its next chunk is handed out only after the previous one
 * is {@link #release released}. Workers run in parallel across tables; in exchange a table's checkpoint
 * (the upper bound of its last copied chunk) is exact, and a resumed run re-copies at most the one
 * chunk per table that was in flight.
 */
public final class ChunkPlanner {
    /** Rows the first bytes-aware boundary read looks at, before the table's average row bytes are known. */
    static final int PROBE_ROWS = 16;

    private final ServerPool source;
    private final long maxBytes;
    private volatile int chunkSize;
    private final List<Cursor> cursors = new ArrayList<>();
    private int turn;

    private static final class Cursor {
        final TableProgress table;
        Optional<KeyValue> lower;
        long sequence;
        boolean planned;
        boolean busy;
        /** Average bytes of the rows the last bytes-aware boundary read saw; 0 until one ran. */
        long rowBytes;

        Cursor(TableProgress table) {
            this.table = table;
            this.lower = table.resumeAfter();
            this.sequence = table.chunksCopied();
            this.planned = table.done();
        }
    }

    /**
     * @param tables the tables to copy, each with a key
     * @param chunkSize rows per chunk
     * @param maxBytes bytes per chunk: a chunk ends at the first row at which its rows' bytes reach this
     */
    public ChunkPlanner(ServerPool source, List<TableProgress> tables, int chunkSize, long maxBytes) {
        this.source = source;
        this.chunkSize = chunkSize;
        this.maxBytes = maxBytes;
        tables.forEach(t -> cursors.add(new Cursor(t)));
    }

    /**
     * Waits for the next chunk of a table without a chunk in flight.
     *
     * @return the next chunk, or empty when every table's chunks have been handed out
     * @throws SQLException if the boundary read fails
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized Optional<Chunk> next() throws SQLException, InterruptedException {
        while (true) {
            boolean open = false;
            for (int i = 0; i < cursors.size(); i++) {
                Cursor c = cursors.get((turn + i) % cursors.size());
                if (c.planned) {
                    continue;
                }
                open = true;
                if (c.busy) {
                    continue;
                }
                turn = (turn + i + 1) % cursors.size();
                KeyRange from = new KeyRange(c.lower, Optional.empty());
                Optional<KeyValue> upper = mayPassMaxBytes(c.table.table()) ? boundaryByBytes(c, from)
                        : boundary(c.table.table(), from);
                Chunk chunk = new Chunk(c.table, new KeyRange(c.lower, upper), c.sequence++);
                c.table.chunkPlanned(upper.isEmpty());
                if (upper.isEmpty()) {
                    c.planned = true;
                }
                c.lower = upper;
                c.busy = true;
                return Optional.of(chunk);
            }
            if (!open) {
                return Optional.empty();
            }
            wait(1_000);
        }
    }

    /** @return the rows per chunk of the chunks planned from now on */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * Changes the rows per chunk of the chunks planned from now on (the interactive {@code chunk-size=N}
     * command); chunks in flight keep theirs.
     *
     * @param rows 1..100000
     * @throws IllegalArgumentException if out of range
     */
    public void chunkSize(int rows) {
        if (rows < 1 || rows > 100_000) {
            throw new IllegalArgumentException("chunk size must be between 1 and 100000 rows, got " + rows);
        }
        chunkSize = rows;
    }

    /** The chunk's table may hand out its next chunk. */
    public synchronized void release(Chunk chunk) {
        for (Cursor c : cursors) {
            if (c.table == chunk.table()) {
                c.busy = false;
            }
        }
        notifyAll();
    }

    /** @return whether {@code chunkSize} rows of {@code t} may hold more than {@code maxBytes} */
    private boolean mayPassMaxBytes(TableSchema t) {
        long widest = 0;
        for (Column c : t.storedColumns()) {
            var family = c.type().family();
            boolean unbounded = family == MysqlType.Family.JSON || family == MysqlType.Family.SPATIAL;
            widest += unbounded ? 1L << 32 : Math.max(c.maxLength(), 16);
        }
        return widest > maxBytes / chunkSize;
    }

    /**
     * The next bound by rows and bytes: looks ahead as many rows as the average row bytes say fit twice in
     * {@code maxBytes} (at most {@code chunkSize}); a look-ahead that ended the chunk before its bytes reached
     * {@code maxBytes} is widened from the average it measured, while that lets it see more rows.
     */
    private Optional<KeyValue> boundaryByBytes(Cursor c, KeyRange from) throws SQLException {
        TableSchema t = c.table.table();
        var key = t.requireKey();
        int look = c.rowBytes == 0 ? Math.min(chunkSize, PROBE_ROWS) : lookAhead(c.rowBytes);
        while (true) {
            try (Connection conn = source.connection();
                 ResultSet rs = Statements.chunkBoundaryByBytes(ServerPool.on(conn), t.database(), t.name(), key,
                         t.storedColumns(), from, look, maxBytes).fetchResultSet()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Optional<KeyValue> upper = Optional.of(ValueReader.keyOf(ValueReader.readRow(rs, key.columns()),
                        positions(key.columns().size()), key));
                long bytes = rs.getLong(key.columns().size() + 1);
                int rows = rs.getInt(key.columns().size() + 2);
                c.rowBytes = Math.max(1, bytes / Math.max(1, rows));
                int wider = lookAhead(c.rowBytes);
                if (bytes >= maxBytes || look >= chunkSize || wider <= look) {
                    return upper;
                }
                look = wider;
            }
        }
    }

    /** @return rows to look ahead for chunks of {@code maxBytes}: twice as many as fit by the average, plus 2 */
    private int lookAhead(long rowBytes) {
        return (int) Math.min(chunkSize, 2 * Math.min(Integer.MAX_VALUE, (maxBytes + rowBytes - 1) / rowBytes) + 2);
    }

    private static int[] positions(int n) {
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        return positions;
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
            return Optional.of(ValueReader.keyOf(row, positions(row.size()), key));
        }
    }
}
