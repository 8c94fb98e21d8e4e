package io.tablemover.engine.apply;

import io.tablemover.engine.binlog.BinlogException;
import io.tablemover.engine.binlog.ChangeSink;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects the latest row image of each changed key of each moved table and the GTIDs of the transactions whose
 * every change has been collected, until the {@link Applier} takes them as one batch. Per key the last image in
 * binlog order wins: a newer one replaces the older and moves the key to the end (so an UPDATE of k1 to k2 followed
 * by an INSERT of k1 leaves both rows present, k1's image last). Bounded: the binlog thread waits when {@code maxKeys}
 * keys or {@code maxBytes} bytes of images ({@link ImageSize}) are pending, which pauses the stream (TCP
 * back-pressure). The wait ends
 * when the applier takes a batch, when the stream failed, or when the buffer is {@link #close() closed} (the run
 * stops): a stopping run never waits for buffer space, so the binlog client's disconnect (which waits for its
 * listener thread) returns.
 */
public final class ChangeBuffer implements ChangeSink, AutoCloseable {
    private final int maxKeys;
    private final long maxBytes;
    private Map<TableSchema, Map<KeyValue, Pending>> dirty = new LinkedHashMap<>();
    private int dirtyCount;
    private long dirtyBytes;
    private List<String> gtids = new ArrayList<>();
    private long oldestPendingMs;
    // source timestamps (binlog event header, ms) of the oldest and newest transaction collected, 0 if none
    private long oldestCommitSourceMs;
    private long newestCommitSourceMs;
    private volatile long takenOldestSourceMs;
    private volatile long takenNewestSourceMs;
    private boolean open;
    private final AtomicLong rowEvents = new AtomicLong();
    private volatile boolean expectDdl;
    private volatile boolean renamed;
    private volatile RuntimeException failure;
    private volatile boolean closed;

    /** @param maxKeys pending keys at which the binlog thread waits (e.g. 100000); no byte bound */
    public ChangeBuffer(int maxKeys) {
        this(maxKeys, Long.MAX_VALUE);
    }

    /**
     * @param maxKeys pending keys at which the binlog thread waits (e.g. 100000)
     * @param maxBytes bytes of pending row images ({@link ImageSize}) at which it waits (e.g. 64 MiB); a single image
     *     larger than this still enters an empty buffer
     */
    public ChangeBuffer(int maxKeys, long maxBytes) {
        this.maxKeys = maxKeys;
        this.maxBytes = maxBytes;
    }

    /** A pending image: the row (null if the key is absent) and its estimated size in bytes. */
    private record Pending(List<Object> row, long bytes) {}

    /**
     * A batch for the applier.
     *
     * @param images per table, the latest image of each changed key in binlog order of those images: the row's
     *     stored columns, or null if the key no longer exists
     * @param gtids transactions fully contained in this and earlier batches
     * @param oldestEventMs source timestamp of the oldest change in the batch, 0 if none
     * @param open true if the batch ends inside a transaction (keys of it are in the batch, its GTID comes later)
     */
    public record Batch(Map<TableSchema, Map<KeyValue, List<Object>>> images, List<String> gtids, long oldestEventMs,
                        boolean open) {
        /** @return true if there is nothing to apply nor to record */
        public boolean isEmpty() {
            return images.isEmpty() && gtids.isEmpty();
        }
    }

    /** Waits while the buffer is full; records nothing once the stream failed or the buffer is closed. */
    @Override
    public synchronized void rowImage(TableSchema table, KeyValue key, List<Object> row) {
        while ((dirtyCount >= maxKeys || dirtyBytes >= maxBytes) && failure == null && !closed) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (failure != null || closed) {
            return; // the run stops: what the stream says from now on is not applied, nor recorded as applied
        }
        open = true;
        rowEvents.incrementAndGet();
        Pending image = new Pending(row, ImageSize.of(key, row));
        Pending older = dirty.computeIfAbsent(table, t -> new LinkedHashMap<>()).remove(key);
        dirty.get(table).put(key, image);
        if (older == null) {
            dirtyCount++;
        } else {
            dirtyBytes -= older.bytes();
        }
        dirtyBytes += image.bytes();
        if (oldestPendingMs == 0) {
            oldestPendingMs = System.currentTimeMillis();
        }
    }

    /** Records a complete transaction; none after a failure, so the applied GTID set never passes the failing event. */
    @Override
    public synchronized void transactionCommitted(String gtid, long timestampMs) {
        if (failure == null && !closed) {
            gtids.add(gtid);
            open = false;
            if (oldestCommitSourceMs == 0) {
                oldestCommitSourceMs = timestampMs;
            }
            newestCommitSourceMs = timestampMs;
        }
    }

    /**
     * Fails the run ({@link BinlogException}, exit code 4) unless it is the cutover's own RENAME (once the cutover has
     * begun: a {@code rename table} statement) or comes after it (the moved names are no longer the moved tables).
     * Its one fix is a new run: resuming would stream from before the statement and meet it again.
     */
    @Override
    public void ddl(String table, String sql) {
        if (renamed) {
            return;
        }
        if (expectDdl && sql.strip().regionMatches(true, 0, "rename table", 0, "rename table".length())) {
            renamed = true;
            return;
        }
        failed(new BinlogException("moved table " + table + " was changed on the source during the move ("
                + BinlogException.excerpt(sql) + "): the target no longer follows it and this run cannot continue",
                Fixes.CANCEL_AND_START_AGAIN));
    }

    @Override
    public void failed(Exception cause) {
        if (failure == null) {
            failure = cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /**
     * The cutover begins: its own RENAME of the moved tables is expected next in the stream (other DDL of a moved
     * table before it still fails the run), and DDL after it no longer concerns the move.
     */
    public void expectDdl() {
        expectDdl = true;
    }

    /**
     * @throws RuntimeException the stream's failure, if it failed; once the cutover has begun, a
     *     {@link BinlogException} without its fix (a new run is no option once the tables may be renamed: the
     *     cutover's failure says what to do)
     */
    public void checkFailure() {
        RuntimeException f = failure;
        if (f != null) {
            if (expectDdl && f instanceof BinlogException b && b.fix().isPresent()) {
                throw new BinlogException(b.reason(), null);
            }
            throw f;
        }
    }

    /** Takes everything collected so far and empties the buffer. */
    public synchronized Batch take() {
        Map<TableSchema, Map<KeyValue, List<Object>>> images = new LinkedHashMap<>();
        dirty.forEach((table, pending) -> {
            Map<KeyValue, List<Object>> rows = new LinkedHashMap<>();
            pending.forEach((key, image) -> rows.put(key, image.row()));
            images.put(table, rows);
        });
        Batch b = new Batch(images, gtids, oldestPendingMs, open);
        dirty = new LinkedHashMap<>();
        gtids = new ArrayList<>();
        dirtyCount = 0;
        dirtyBytes = 0;
        oldestPendingMs = 0;
        takenOldestSourceMs = oldestCommitSourceMs;
        takenNewestSourceMs = newestCommitSourceMs;
        oldestCommitSourceMs = 0;
        newestCommitSourceMs = 0;
        notifyAll();
        return b;
    }

    /** @return when the oldest change still waiting in the buffer was received, 0 if none */
    public synchronized long oldestPendingMs() {
        return oldestPendingMs;
    }

    /**
     * @return the source timestamp (binlog event header, ms since the epoch, whole seconds) of the oldest transaction
     *     collected and not yet taken, 0 if none
     */
    public synchronized long oldestPendingSourceMs() {
        return oldestCommitSourceMs;
    }

    /** @return the source timestamps (ms) of the oldest and newest transaction of the last batch taken, 0 if none */
    public long[] lastTakenSourceMs() {
        return new long[] {takenOldestSourceMs, takenNewestSourceMs};
    }

    /** @return changed keys waiting for the applier (the binlog thread waits at {@link #maxKeys()}) */
    public synchronized int pendingKeys() {
        return dirtyCount;
    }

    /** @return bytes of row images waiting for the applier (the binlog thread waits at {@link #maxBytes()}) */
    public synchronized long pendingBytes() {
        return dirtyBytes;
    }

    /** @return the pending keys at which the binlog thread waits */
    public int maxKeys() {
        return maxKeys;
    }

    /** @return the pending image bytes at which the binlog thread waits ({@link Long#MAX_VALUE}: no bound) */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The run stops: a binlog thread waiting for buffer space returns at once, and nothing more is recorded (a
     * transaction whose keys were dropped must never count as applied). Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** @return row images received for the moved tables (an UPDATE that changes the key counts twice: old key, new row) */
    public long rowEvents() {
        return rowEvents.get();
    }
}
