package io.tablemover.engine.copy;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.MysqlType;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.transfer.RowWriter;
import io.tablemover.engine.transfer.ValueReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hands out the chunks of all tables interleaved (round-robin), each chunk a run of rows in key order. With a chunk
 * time, each table's chunk size adapts so that a chunk takes about that long to copy (like Spirit's
 * {@code target-chunk-time}): it starts at 1,000 rows (or the maximum, if lower) and after each chunk moves halfway
 * towards the size the last chunk's rate gives, between 50 rows and the maximum ({@code --chunk-size}); without one,
 * every chunk has the maximum. A chunk also holds at most {@code maxBytes} bytes (plus one row). A chunk's upper bound is found with a non-locking index read of the key {@code chunkSize} rows
 * on; the last chunk of a table is open-ended, so it also takes rows inserted at the end of the key
 * space meanwhile. Thread-safe: workers call {@link #next()} concurrently.
 *
 * <p>Bytes: a table whose widest possible row times its chunk size could pass {@code maxBytes} (BLOB, TEXT,
 * JSON, spatial or long string columns) has its bounds found by a read that sums its rows' bytes
 * ({@link Statements#chunkBoundaryByBytes}): the chunk ends at the first row at which they reach {@code maxBytes}.
 * That read looks at a limited number of rows ahead, sized from the average row bytes it saw last (at first
 * {@value #PROBE_ROWS} rows), so 4 MiB rows are read a few at a time on the server, never 1,000 at once; a chunk the
 * look-ahead ended early is just smaller. A chunk of 1,000 rows of 4 MiB would need 4 GiB of heap to copy.
 *
 * <p>A table has at most {@code maxInFlight} chunks in flight (handed out and not yet {@link #release released}), so
 * one big table keeps every copy worker busy; the copier's {@link CommitWindow} keeps each table's checkpoint exact
 * whatever order its chunks commit in.
 */
public final class ChunkPlanner {
    private static final int FIRST_ADAPTIVE_ROWS = 1_000;
    private static final int MIN_ADAPTIVE_ROWS = 50;
    /** Rows the first bytes-aware boundary read looks at, before the table's average row bytes are known. */
    static final int PROBE_ROWS = 16;

    private final ServerPool source;
    private final long maxBytes;
    private volatile int chunkSize;
    private final int maxInFlight;
    private final long chunkNanos;
    private final List<Cursor> cursors = new ArrayList<>();
    private int turn;

    private static final class Cursor {
        final TableProgress table;
        Optional<KeyValue> lower;
        long sequence;
        boolean planned;
        int inFlight;
        int size;
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
     * @param chunkSize rows per chunk, the maximum if {@code chunkTime} is positive
     * @param maxBytes bytes per chunk: a chunk ends at the first row at which its rows' bytes reach this
     * @param maxInFlight chunks of one table handed out at a time (the copy threads)
     * @param chunkTime the time a chunk should take to copy; zero for chunks of {@code chunkSize} rows
     */
    public ChunkPlanner(ServerPool source, List<TableProgress> tables, int chunkSize, long maxBytes, int maxInFlight,
                        java.time.Duration chunkTime) {
        this.source = source;
        this.maxBytes = maxBytes;
        this.maxInFlight = maxInFlight;
        this.chunkNanos = chunkTime.toNanos();
        this.chunkSize = chunkSize;
        tables.forEach(t -> cursors.add(new Cursor(t)));
        cursors.forEach(c -> c.size = chunkNanos > 0 ? Math.min(chunkSize, FIRST_ADAPTIVE_ROWS) : chunkSize);
    }

    /**
     * Waits for the next chunk of a table with fewer than {@code maxInFlight} chunks in flight.
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
                if (c.inFlight >= maxInFlight) {
                    continue;
                }
                turn = (turn + i + 1) % cursors.size();
                KeyRange from = new KeyRange(c.lower, Optional.empty());
                Optional<KeyValue> upper = mayPassMaxBytes(c.table.table(), c.size) ? boundaryByBytes(c, from)
                        : boundary(c.table.table(), from, c.size);
                Chunk chunk = new Chunk(c.table, new KeyRange(c.lower, upper), c.sequence++);
                c.table.chunkPlanned(upper.isEmpty());
                if (upper.isEmpty()) {
                    c.planned = true;
                }
                c.lower = upper;
                c.inFlight++;
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
        synchronized (this) {
            cursors.forEach(c -> c.size = chunkNanos > 0 ? Math.min(c.size, rows) : rows);
        }
    }

    /**
     * Adapts the chunk size of the chunk's table to the chunk time, from how long the chunk took.
     *
     * @param rows rows the chunk copied
     * @param nanos how long the chunk took, in ns
     */
    public synchronized void chunkTook(Chunk chunk, int rows, long nanos) {
        if (chunkNanos <= 0 || rows <= 0 || nanos <= 0) {
            return;
        }
        for (Cursor c : cursors) {
            if (c.table == chunk.table()) {
                double ideal = rows * (double) chunkNanos / nanos;
                long next = roundedSize(Math.round((c.size + ideal) / 2));
                c.size = (int) Math.max(Math.min(MIN_ADAPTIVE_ROWS, chunkSize), Math.min(chunkSize, next));
            }
        }
    }


    /**
     * Adaptive sizes are rounded (to multiples of {@link RowWriter#MAX_ROWS} from that size on, of 50 rows below it) so
     * that the target statements of the chunks repeat and their parsed text is reused.
     */
    private static long roundedSize(long rows) {
        long step = rows >= RowWriter.MAX_ROWS ? RowWriter.MAX_ROWS : 50;
        return Math.max(step, Math.round((double) rows / step) * step);
    }

    /** The chunk is done (committed or failed): its table has one chunk less in flight. */
    public synchronized void release(Chunk chunk) {
        for (Cursor c : cursors) {
            if (c.table == chunk.table()) {
                c.inFlight--;
            }
        }
        notifyAll();
    }

    /** @return whether {@code rows} rows of {@code t} may hold more than {@code maxBytes} */
    private boolean mayPassMaxBytes(TableSchema t, int rows) {
        return widestRowBytes(t) > maxBytes / rows;
    }

    /**
     * @return the most bytes a row of {@code t} can hold by its columns' declared sizes ({@code CHARACTER_OCTET_LENGTH},
     *     at least 16 per column; JSON and spatial values count 4 GiB), e.g. ~4 GiB for a table with a LONGBLOB
     */
    public static long widestRowBytes(TableSchema t) {
        long widest = 0;
        for (Column c : t.storedColumns()) {
            var family = c.type().family();
            boolean unbounded = family == MysqlType.Family.JSON || family == MysqlType.Family.SPATIAL;
            widest += unbounded ? 1L << 32 : Math.max(c.maxLength(), 16);
        }
        return widest;
    }

    /**
     * The next bound by rows and bytes: looks ahead as many rows as the average row bytes say fit twice in
     * {@code maxBytes} (at most the chunk's rows); a look-ahead that ended the chunk before its bytes reached
     * {@code maxBytes} is widened from the average it measured, while that lets it see more rows.
     */
    private Optional<KeyValue> boundaryByBytes(Cursor c, KeyRange from) throws SQLException {
        TableSchema t = c.table.table();
        var key = t.requireKey();
        int look = c.rowBytes == 0 ? Math.min(c.size, PROBE_ROWS) : lookAhead(c.rowBytes, c.size);
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
                int wider = lookAhead(c.rowBytes, c.size);
                if (bytes >= maxBytes || look >= c.size || wider <= look) {
                    return upper;
                }
                look = wider;
            }
        }
    }

    /** @return rows to look ahead for chunks of {@code maxBytes}: twice as many as fit by the average, plus 2 */
    private int lookAhead(long rowBytes, int rows) {
        return (int) Math.min(rows, 2 * Math.min(Integer.MAX_VALUE, (maxBytes + rowBytes - 1) / rowBytes) + 2);
    }

    private static int[] positions(int n) {
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        return positions;
    }

    private Optional<KeyValue> boundary(TableSchema t, KeyRange from, int chunkSize) throws SQLException {
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
