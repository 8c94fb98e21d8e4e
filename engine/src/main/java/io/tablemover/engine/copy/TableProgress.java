package io.tablemover.engine.copy;

import io.tablemover.engine.schema.TableSchema;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copy progress of one table; thread-safe.
 */
public final class TableProgress {
    private final TableSchema table;
    private final AtomicLong rowsCopied = new AtomicLong();
    private final AtomicLong chunksCopied = new AtomicLong();
    private final AtomicLong chunksPlanned = new AtomicLong();
    private volatile boolean allPlanned;

    public TableProgress(TableSchema table) {
        this.table = table;
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

    void chunkPlanned(boolean last) {
        chunksPlanned.incrementAndGet();
        if (last) {
            allPlanned = true;
        }
    }

    void chunkCopied(long rows) {
        rowsCopied.addAndGet(rows);
        chunksCopied.incrementAndGet();
    }
}
