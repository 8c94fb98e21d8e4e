package io.tablemover.engine.apply;

import com.github.shyiko.mysql.binlog.GtidSet;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.plugin.ThrottleGate;
import io.tablemover.engine.transfer.AppliedKeys;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the binlog stream to the target: takes batches from the {@link ChangeBuffer} (the latest row image of each
 * changed key) and writes each table's images to the target shards with {@link ImageWriter} (the source is not read),
 * then adds the batch's GTIDs to the applied GTID set. The applied set therefore never runs ahead of what the target
 * holds.
 *
 * <p>During the copy, a key that a copy chunk is writing waits until that chunk committed, and the batch's GTIDs with it
 * ({@link HeldBatches}): the apply never waits for a chunk, nor a chunk for the apply. The lag counts from the oldest
 * batch not complete on the target.
 *
 * <p>While the {@link ThrottleGate} is throttled, the applier takes no batch (the batch in progress
 * finishes): changes wait in the buffer, and the binlog stream waits once it is full. Throttling never
 * holds a transaction open, so {@link #pause()} is not delayed by it; a throttled drain just
 * takes longer (the drain timeout still applies).
 */
public final class Applier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Applier.class);

    private final ChangeBuffer buffer;
    private final RowImageWriter writer;
    private final AppliedKeys appliedKeys;
    private final GtidSet applied;
    private final HeldBatches batches;
    private final AtomicLong keysApplied = new AtomicLong();
    private final ThrottleGate gate;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean paused;
    private volatile boolean flushing;
    private volatile long flushingSinceMs;
    private volatile long oldestHeldMs;
    private volatile long oldestHeldSourceMs;
    private volatile long flushingSinceSourceMs;
    private volatile long lastAppliedSourceMs;
    private volatile RuntimeException failure;

    /**
     * Starts the applier thread.
     *
     * @param writer writes the images to the target shards
     * @param appliedKeys where each table's write is recorded for the copy's watermark (and kept apart from chunk writes)
     * @param startGtidSet the GTID set the stream started from: already reflected in the target
     * @param gate consulted before each batch: no batch is taken while it is throttled
     */
    public Applier(ChangeBuffer buffer, RowImageWriter writer, AppliedKeys appliedKeys, String startGtidSet,
                   ThrottleGate gate) {
        this.appliedKeys = appliedKeys;
        this.buffer = buffer;
        this.gate = gate;
        this.writer = writer;
        this.applied = new GtidSet(startGtidSet);
        this.batches = new HeldBatches(writer, appliedKeys, keysApplied);
        this.thread = new Thread(this::loop, "binlog-apply");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        try {
            while (running) {
                buffer.checkFailure();
                if (paused) {
                    sleep(5);
                    continue;
                }
                // outside the lock and before a batch is taken: pause() never waits for a throttled applier
                gate.awaitOpen();
                ChangeBuffer.Batch batch;
                synchronized (this) {
                    if (paused) {
                        continue;
                    }
                    flushing = true;
                    batch = buffer.take();
                    flushingSinceMs = batch.oldestEventMs();
                    flushingSinceSourceMs = buffer.lastTakenSourceMs()[0];
                }
                try {
                    long[] sourceMs = buffer.lastTakenSourceMs();
                    boolean complete = apply(batch, sourceMs[0]);
                    if (sourceMs[1] > 0 && complete) {
                        lastAppliedSourceMs = sourceMs[1];
                    }
                } finally {
                    synchronized (this) {
                        flushing = false;
                        flushingSinceMs = 0;
                        flushingSinceSourceMs = 0;
                        notifyAll();
                    }
                }
                if (batch.isEmpty()) {
                    sleep(batches.allComplete() ? 10 : 2);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            log.debug("applier failed", e);
        } catch (Error e) {
            // an OutOfMemoryError (a batch of huge rows) must fail the run, not end this thread silently
            failure = new IllegalStateException("binlog apply failed: " + Fixes.ofWorker(e), e);
            log.debug("applier failed", e);
        } catch (InterruptedException e) {
            // close() interrupted a throttled wait: the applier stops
            Thread.currentThread().interrupt();
        }
    }

    /** @return true if this batch and every earlier one are complete on the target (no image of them held) */
    private boolean apply(ChangeBuffer.Batch batch, long oldestSourceMs) {
        List<String> complete = batches.apply(batch, oldestSourceMs);
        synchronized (applied) {
            complete.forEach(applied::add);
            oldestHeldMs = batches.oldestWaitingMs();
            oldestHeldSourceMs = batches.oldestWaitingSourceMs();
            return batches.allComplete();
        }
    }

    /**
     * Stops applying after the batch in progress; returns once it is written (the apply holds no source
     * transaction, so the cutover's RENAME never waits for it).
     */
    public synchronized void pause() throws InterruptedException {
        paused = true;
        while (flushing) {
            wait(100);
        }
    }

    /**
     * Applies again.
     *
     * @param renamed source tables renamed meanwhile (table → current name); the apply writes row images and reads
     *     no source table, so the names do not matter to it
     */
    public void resume(Map<String, String> renamed) {
        paused = false;
    }

    /** @return true if every transaction of {@code gtidSet} has been applied to the target */
    public boolean hasApplied(String gtidSet) {
        GtidSet wanted = new GtidSet(gtidSet);
        synchronized (applied) {
            return wanted.isContainedWithin(applied);
        }
    }

    /** @return the applied GTID set, e.g. {@code 3E11FA47-...:1-1234} */
    public String appliedGtidSet() {
        synchronized (applied) {
            return applied.toString();
        }
    }

    /** @return row images written so far (one per changed key and batch) */
    public long keysApplied() {
        return keysApplied.get();
    }

    /** @return ms between now and the oldest change received but not yet on the target; 0 if none */
    public long lagMs() {
        return msSinceEarliest(buffer.oldestPendingMs(), flushingSinceMs, oldestHeldMs);
    }

    /**
     * The replication lag by the source's clock: now minus the source timestamp (binlog event header, whole seconds) of
     * the oldest transaction received and not yet applied to the target; 0 when every transaction received is applied.
     * Unlike {@link #lagMs()} (local receive time) it includes the time the stream itself is behind, and any clock skew
     * between the source and this host.
     *
     * @return the lag, ms (0 or more)
     */
    public long sourceLagMs() {
        return Math.max(0, msSinceEarliest(buffer.oldestPendingSourceMs(), flushingSinceSourceMs, oldestHeldSourceMs));
    }

    /** @return ms from the earliest of {@code times} (ms since the epoch; 0 = none) to now, 0 if all are 0 */
    private static long msSinceEarliest(long... times) {
        long first = 0;
        for (long t : times) {
            first = t == 0 ? first : first == 0 ? t : Math.min(first, t);
        }
        return first == 0 ? 0 : System.currentTimeMillis() - first;
    }

    /** @return the source timestamp (binlog event header, ms since the epoch) of the last transaction applied, 0 if none */
    public long lastAppliedSourceMs() {
        return lastAppliedSourceMs;
    }

    /**
     * @throws RuntimeException the stream's failure, if any, as {@link ChangeBuffer#checkFailure()} words it now
     *     (the applier stops on it too, and keeps it as it was worded then); else the applier's own
     */
    public void checkFailure() {
        buffer.checkFailure();
        if (failure != null) {
            throw failure;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
