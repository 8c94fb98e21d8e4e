package io.tablemover.engine.state;

import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copy progress of one table; thread-safe.
 */
public final class TableProgress {
    private final TableSchema table;
    private final Optional<KeyValue> resumeAfter;
    private final AtomicLong rowsCopied;
    private final AtomicLong chunksCopied;
    private final AtomicLong chunksPlanned;
    private volatile boolean allPlanned;

    /** Progress of a table whose copy has not started. */
    public TableProgress(TableSchema table) {
        this(table, Optional.empty(), 0, 0, false);
    }

    /**
     * Progress of a table resumed from its checkpoint.
     *
     * @param resumeAfter every key up to this one is copied
     * @param rowsCopied rows copied before
     * @param chunksCopied chunks copied before
     * @param done whether the table's copy was complete
     */
    public TableProgress(TableSchema table, Optional<KeyValue> resumeAfter, long rowsCopied, long chunksCopied, boolean done) {
        this.table = table;
        this.resumeAfter = resumeAfter;
        this.rowsCopied = new AtomicLong(rowsCopied);
        this.chunksCopied = new AtomicLong(chunksCopied);
        this.chunksPlanned = new AtomicLong(chunksCopied);
        this.allPlanned = done;
    }

    /** @return the key after which the copy (re)starts; empty from the first key */
    public Optional<KeyValue> resumeAfter() {
        return resumeAfter;
    }

    public TableSchema table() {
        return table;
    }

    /** @return rows written by the copy so far */
    public long rowsCopied() {
        return rowsCopied.get();
    }

    /** @return chunks copied so far */
    public long chunksCopied() {
        return chunksCopied.get();
    }

    /** @return the row estimate, raised to the rows already copied when the estimate was low */
    public long estimatedRows() {
        return Math.max(table.estimatedRows(), rowsCopied.get());
    }

    /** @return true once every chunk of the table has been copied */
    public boolean done() {
        return allPlanned && chunksCopied.get() == chunksPlanned.get();
    }

    public void chunkPlanned(boolean last) {
        chunksPlanned.incrementAndGet();
        if (last) {
            allPlanned = true;
        }
    }

    public void chunkCopied(long rows) {
        rowsCopied.addAndGet(rows);
        chunksCopied.incrementAndGet();
    }
}
