package io.tablemover.engine.copy;

import io.tablemover.engine.state.TableProgress;
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
 *
 * <p>A table has at most {@code maxInFlight} chunks in flight (handed out and not yet {@link #release released}), so
 * one big table keeps every copy worker busy; the copier's {@link CommitWindow} keeps each table's checkpoint exact
 * whatever order its chunks commit in.
 */
public final class ChunkPlanner {
    private final ServerPool source;
    private volatile int chunkSize;
    private final int maxInFlight;
    private final List<Cursor> cursors = new ArrayList<>();
    private int turn;

    private static final class Cursor {
        final TableProgress table;
        Optional<KeyValue> lower;
        long sequence;
        boolean planned;
        int inFlight;

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
     * @param maxInFlight chunks of one table handed out at a time (the copy threads)
     */
    public ChunkPlanner(ServerPool source, List<TableProgress> tables, int chunkSize, int maxInFlight) {
        this.source = source;
        this.maxInFlight = maxInFlight;
        this.chunkSize = chunkSize;
        tables.forEach(t -> cursors.add(new Cursor(t)));
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
                Optional<KeyValue> upper = boundary(c.table.table(), from);
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
