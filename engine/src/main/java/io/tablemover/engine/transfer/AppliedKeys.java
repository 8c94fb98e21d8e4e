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
import java.util.Set;

/**
 * What makes the copy's plain (non-locking) chunk reads safe against the binlog apply: the GTID watermark. A copy chunk
 * reads {@code @@global.gtid_executed} (its <em>low watermark</em> L) before it reads its rows; when it writes them, it
 * leaves out every key that the binlog apply has recorded for a transaction outside L. The apply records the keys of a
 * batch <em>before</em> it writes them, and it never writes a key that a chunk in its write phase holds (a key the chunk
 * read and did not leave out): such keys wait until that chunk committed ({@link #held}). Neither side waits for the
 * other otherwise: chunks of a table and the apply of its other keys write at the same time.
 *
 * <p>Why the target converges (the argument is in docs/architecture.md, "Why the target converges"): MySQL adds a
 * transaction's GTID to {@code gtid_executed} only after its InnoDB commit (sql/binlog.cc, the commit stage of the
 * ordered commit, with {@code binlog_order_commits} ON or OFF), so every transaction in L is visible to the chunk's
 * read. A key's chunk value is therefore newer than or equal to every transaction in L, and may be older only than
 * transactions outside L. A chunk write of a key is harmful only if it lands after an apply write of a newer image.
 * If the apply recorded the key before the chunk's write phase began, for a transaction outside L, the chunk leaves
 * it out; recorded for transactions inside L, the image is not newer than the chunk's value. If it recorded it after,
 * the key is held and the apply writes it once the chunk committed. An apply write landing after a chunk write is
 * always harmless: it writes an image no older than needed, and the stream carries every later change of the key in
 * binlog order. The binlog-before-visible race (an event streamed before its commit is visible) only concerns
 * transactions outside L, so it cannot put an old row over a newer one.
 *
 * <p>A batch that ends inside a transaction (its commit comes in a later batch) is recorded <em>open</em>, treated as
 * outside every watermark, until a later batch brings GTIDs, which it then takes too. An entry is dropped once its
 * GTIDs are in the low watermark of every chunk in flight (later chunks read a larger {@code gtid_executed}).
 * Recording stops with the copy. Keys are compared exactly (the stored bytes), which is how the binlog row images and
 * the chunk reads both give them. Thread-safe.
 */
public final class AppliedKeys {
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final List<Entry> open = new ArrayList<>();
    private final List<ChunkWrite> inFlight = new ArrayList<>();
    private final List<ChunkWrite> writing = new ArrayList<>();
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
     * chunk's rows; {@link #enter} before its target write, {@link #exit} once that committed or failed;
     * {@link #end} when the chunk is done or failed.
     */
    public final class ChunkWrite {
        private final String table;
        private GtidSet low;
        private Set<KeyValue> holds = Set.of();

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
         * The chunk's target write begins: from now until {@link #exit}, the apply does not write the keys it keeps
         * ({@link #held}).
         *
         * @param read the keys of the rows the chunk read
         * @return the keys to leave out of the chunk: those the apply recorded for a transaction outside the watermark
         */
        public Set<KeyValue> enter(Collection<KeyValue> read) {
            synchronized (AppliedKeys.this) {
                Set<KeyValue> leftOut = changedOutside(low, table);
                Set<KeyValue> kept = new HashSet<>(read);
                kept.removeAll(leftOut);
                holds = kept;
                writing.add(this);
                return leftOut;
            }
        }

        /** The chunk's target write committed or failed: the apply may write its keys. Idempotent. */
        public void exit() {
            synchronized (AppliedKeys.this) {
                writing.remove(this);
                holds = Set.of();
            }
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

    /**
     * The apply is about to write the row images of {@code keys} of one table of a batch: records them, before any of
     * them is written, so that every chunk whose write phase begins from now on sees them.
     *
     * @param gtids the GTIDs of the transactions the batch completes ({@code uuid:gno})
     * @param open true if the batch ends inside a transaction whose commit comes in a later batch
     */
    public synchronized void record(String table, Collection<KeyValue> keys, Collection<String> gtids, boolean open) {
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

    /**
     * @return those of {@code keys} (of {@code table}) that a chunk in its write phase keeps: the apply must not write
     *     them before that chunk's {@link ChunkWrite#exit}; empty once the copy is done
     */
    public synchronized Set<KeyValue> held(String table, Collection<KeyValue> keys) {
        Set<KeyValue> held = new HashSet<>();
        for (ChunkWrite c : writing) {
            if (c.table.equals(table)) {
                for (KeyValue k : keys) {
                    if (c.holds.contains(k)) {
                        held.add(k);
                    }
                }
            }
        }
        return held;
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
