package io.tablemover.engine.copy;

import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.Statements;
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
 * every chunk has the maximum. A chunk's upper bound is found with a non-locking index read of the key {@code chunkSize} rows
 * on; the last chunk of a table is open-ended, so it also takes rows inserted at the end of the key
 * space meanwhile. Thread-safe: workers call {@link #next()} concurrently.
 *
 * <p>A table has at most {@code maxInFlight} chunks in flight (handed out and not yet {@link #release released}), so
 * one big table keeps every copy worker busy; the copier's {@link CommitWindow} keeps each table's checkpoint exact
 * whatever order its chunks commit in.
 */
public final class ChunkPlanner {
    private static final int FIRST_ADAPTIVE_ROWS = 1_000;
    private static final int MIN_ADAPTIVE_ROWS = 50;

    private final ServerPool source;
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
     * @param maxInFlight chunks of one table handed out at a time (the copy threads)
     * @param chunkTime the time a chunk should take to copy; zero for chunks of {@code chunkSize} rows
     */
    public ChunkPlanner(ServerPool source, List<TableProgress> tables, int chunkSize, int maxInFlight,
                        java.time.Duration chunkTime) {
        this.source = source;
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
                Optional<KeyValue> upper = boundary(c.table.table(), from, c.size);
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

    private Optional<KeyValue> boundary(TableSchema t, KeyRange from, int chunkSize) throws SQLException {
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
