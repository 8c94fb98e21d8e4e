package io.tablemover.engine.copy;

import io.tablemover.engine.schema.KeyValue;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exact copy checkpoint of one table whose chunks are copied several at a time and commit in any order: the
 * checkpoint is the upper bound of the longest run of committed chunks from the table's first uncommitted one (its
 * <em>low key</em>: every key at or below it is on the target), so a resumed run re-copies only the chunks that were in
 * flight or committed above a gap (re-copying a chunk is idempotent).
 *
 * <p>Use: {@link #beforeCommit} in the chunk's target transaction, right before its commit (it takes the table's commit
 * lock and says what the checkpoint row must now hold), then {@link #finished} once the commit succeeded or failed (it
 * releases the lock). Chunks of one table therefore commit one at a time (a commit takes a few ms) while their reads and
 * writes overlap; the checkpoint row never moves backwards. Thread-safe.
 */
final class CommitWindow {
    private final ReentrantLock commitLock = new ReentrantLock();
    private final TreeMap<Long, Chunk> committed = new TreeMap<>();
    private long base;

    /**
     * What a chunk's commit does to the table's checkpoint.
     *
     * @param lowKey the new low key, empty if it does not move (or moves to the end of the table)
     * @param done true if every chunk of the table is committed with this one
     */
    record Advance(Optional<KeyValue> lowKey, boolean done) {}

    /** @param firstSequence the sequence number of the table's first chunk not yet copied (see {@link Chunk#sequence()}) */
    CommitWindow(long firstSequence) {
        this.base = firstSequence;
    }

    /**
     * Takes the table's commit lock (held until {@link #finished}) and computes the checkpoint as if {@code chunk}
     * were committed.
     */
    Advance beforeCommit(Chunk chunk) {
        commitLock.lock();
        Chunk last = null;
        for (long s = base; s == chunk.sequence() || committed.containsKey(s); s++) {
            last = s == chunk.sequence() ? chunk : committed.get(s);
        }
        return last == null ? new Advance(Optional.empty(), false)
                : new Advance(last.range().upperInclusive(), last.range().openEnded());
    }

    /**
     * Records the outcome of the commit begun by {@link #beforeCommit} and releases the commit lock.
     *
     * @throws IllegalMonitorStateException if this thread did not call {@link #beforeCommit}
     */
    void finished(Chunk chunk, boolean committedOk) {
        try {
            if (committedOk) {
                committed.put(chunk.sequence(), chunk);
                while (committed.containsKey(base)) {
                    committed.remove(base++);
                }
            }
        } finally {
            commitLock.unlock();
        }
    }
}
