package io.tablemover.engine.transfer;

import com.github.shyiko.mysql.binlog.GtidSet;
import io.tablemover.engine.schema.KeyValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What makes the copy's plain (non-locking) chunk reads safe against the binlog apply: the GTID watermark. A copy chunk
 * reads {@code @@global.gtid_executed} (its <em>low watermark</em> L) before it reads its rows; when it writes them, it
 * leaves out every key that the binlog apply has already written for a transaction outside L, and it writes while no
 * apply of its table runs (a per-table lock: chunks share it, the apply takes it alone).
 *
 * <p>Why the target converges (the argument is in docs/architecture.md, "Why the target converges"): MySQL adds a
 * transaction's GTID to {@code gtid_executed} only after its InnoDB commit (sql/binlog.cc, the commit stage of the
 * ordered commit, with {@code binlog_order_commits} ON or OFF), so every transaction in L is visible to the chunk's
 * read. A key's chunk value is therefore newer than or equal to every transaction in L, and may be older only than
 * transactions outside L. Of those, the ones the apply wrote before the chunk are exactly the keys left out (the target
 * keeps the apply's row image, the stream carries every later change); the ones it writes after the chunk write their
 * row images over it, in binlog order. The binlog-before-visible race (an event streamed before its commit is visible)
 * only concerns transactions outside L, so it cannot put an old row over a newer one.
 *
 * <p>The apply records what it wrote per batch: the keys per table and the batch's GTIDs. A batch that ends inside a
 * transaction (its commit comes in a later batch) is held <em>open</em>, treated as outside every watermark, until a
 * later batch brings GTIDs, which it then takes too. An entry is dropped once its GTIDs are in the low watermark of
 * every chunk in flight (later chunks read a larger {@code gtid_executed}). Recording stops with the copy.
 * Thread-safe.
 */
public final class AppliedKeys {
    private final Map<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final List<Entry> open = new ArrayList<>();
    private final List<ChunkWrite> inFlight = new ArrayList<>();
    private boolean recording = true;

    private static final class Entry {
        final String table;
        final Set<KeyValue> keys;
        final GtidSet gtids;
        boolean open;

        Entry(String table, Set<KeyValue> keys, GtidSet gtids, boolean open) {
            this.table = table;
            this.keys = keys;
            this.gtids = gtids;
            this.open = open;
        }
    }

    /**
     * One chunk's side of the watermark, used in this order: {@link #begin} with {@code gtid_executed} read before the
     * chunk's rows; {@link #enter} before its target write, {@link #exit} once that committed or failed (same thread);
     * {@link #end} when the chunk is done or failed.
     */
    public final class ChunkWrite {
        private final String table;
        private GtidSet low;

        private ChunkWrite(String table) {
            this.table = table;
        }

        /** @param gtidExecuted the source's {@code @@global.gtid_executed}, read before the chunk's rows */
        public void begin(String gtidExecuted) {
            GtidSet set = new GtidSet(gtidExecuted);
            synchronized (AppliedKeys.this) {
                low = set;
                inFlight.add(this);
            }
        }

        /**
         * The chunk's target write begins: from now until {@link #exit}, no apply of the table runs (other chunks may
         * write).
         *
         * @return the keys to leave out of the chunk: those the apply wrote for a transaction outside the watermark
         */
        public Set<KeyValue> enter() {
            lock(table).readLock().lock();
            return changedOutside(low, table);
        }

        /** The chunk's target write committed or failed. */
        public void exit() {
            lock(table).readLock().unlock();
        }

        /** The chunk is done (written or failed): forgets the entries no chunk in flight needs. */
        public void end() {
            synchronized (AppliedKeys.this) {
                if (low != null && inFlight.remove(this)) {
                    prune(inFlight.isEmpty() ? low : inFlight.get(0).low);
                }
            }
        }
    }

    /** @return a chunk's side of the watermark, for a chunk of {@code table} */
    public ChunkWrite chunk(String table) {
        return new ChunkWrite(table);
    }

    /** Work that may throw a checked exception. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    private ReentrantReadWriteLock lock(String table) {
        return locks.computeIfAbsent(table, t -> new ReentrantReadWriteLock(true));
    }

    /**
     * The apply writes the row images of one table of a batch: runs {@code write} (the target transaction, committed
     * when it returns) alone for the table, then records the keys.
     *
     * @param gtids the GTIDs of the transactions the batch completes ({@code uuid:gno})
     * @param open true if the batch ends inside a transaction whose commit comes in a later batch
     */
    public <T, E extends Exception> T applied(String table, Collection<KeyValue> keys, Collection<String> gtids,
                                              boolean open, Work<T, E> write) throws E {
        ReentrantReadWriteLock.WriteLock w = lock(table).writeLock();
        w.lock();
        try {
            T result = write.run();
            record(table, keys, gtids, open);
            return result;
        } finally {
            w.unlock();
        }
    }

    private synchronized void record(String table, Collection<KeyValue> keys, Collection<String> gtids, boolean open) {
        if (!recording) {
            return;
        }
        GtidSet set = new GtidSet("");
        gtids.forEach(set::add);
        if (!gtids.isEmpty()) {
            for (Entry e : this.open) {
                gtids.forEach(e.gtids::add);
                e.open = false;
            }
            this.open.clear();
        }
        Entry entry = new Entry(table, new HashSet<>(keys), set, open);
        entries.add(entry);
        if (open) {
            this.open.add(entry);
        }
    }

    private synchronized Set<KeyValue> changedOutside(GtidSet low, String table) {
        Set<KeyValue> changed = new HashSet<>();
        for (Entry e : entries) {
            if (e.table.equals(table) && (e.open || !e.gtids.isContainedWithin(low))) {
                changed.addAll(e.keys);
            }
        }
        return changed;
    }

    private void prune(GtidSet oldest) {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!e.open && e.gtids.isContainedWithin(oldest)) {
                it.remove();
            }
        }
    }

    /** The copy is over: nothing is recorded any more. */
    public synchronized void copyDone() {
        recording = false;
        entries.clear();
        open.clear();
    }

    /** @return entries kept (for tests and the status line) */
    public synchronized int size() {
        return entries.size();
    }
}
