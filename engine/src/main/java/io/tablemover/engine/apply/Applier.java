package io.tablemover.engine.apply;

import com.github.shyiko.mysql.binlog.GtidSet;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.plugin.ThrottleGate;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.transfer.AppliedKeys;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the binlog stream to the target: takes batches from the {@link ChangeBuffer} (the latest row image of each
 * changed key) and writes each table's images to the target shards with {@link ImageWriter} (the source is not read),
 * then adds the batch's GTIDs to the applied GTID set. The applied set therefore never runs ahead of what the target
 * holds.
 *
 * <p>During the copy, the keys of each batch are recorded for the copy's watermark before they are written
 * ({@link AppliedKeys#record}), and a key that a copy chunk in its write phase holds ({@link AppliedKeys#held}) is not
 * written until that chunk committed: its image waits for the next pass (a newer image of the key replaces it), while
 * the batch's other keys are written at once. So the apply never waits for a chunk, nor a chunk for the apply. A
 * batch's GTIDs join the applied set once none of its images, nor of an earlier batch, waits any more; the lag counts
 * from the oldest such batch.
 *
 * <p>While the {@link ThrottleGate} is throttled, the applier takes no batch (the batch in progress
 * finishes): changes wait in the buffer, and the binlog stream waits once it is full. Throttling never
 * holds a transaction open, so {@link #pause()} is not delayed by it; a throttled drain just
 * takes longer (the drain timeout still applies).
 */
public final class Applier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Applier.class);

    private final ChangeBuffer buffer;
    private final ImageWriter writer;
    private final AppliedKeys appliedKeys;
    private final GtidSet applied;
    private final AtomicLong keysApplied = new AtomicLong();
    private final ThrottleGate gate;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean paused;
    private volatile boolean flushing;
    private volatile long flushingSinceMs;
    private volatile long oldestHeldMs;
    private volatile RuntimeException failure;

    /**
     * Starts the applier thread.
     *
     * @param writer writes the images to the target shards
     * @param appliedKeys where each table's write is recorded for the copy's watermark (and kept apart from chunk writes)
     * @param startGtidSet the GTID set the stream started from: already reflected in the target
     * @param gate consulted before each batch: no batch is taken while it is throttled
     */
    public Applier(ChangeBuffer buffer, ImageWriter writer, AppliedKeys appliedKeys, String startGtidSet,
                   ThrottleGate gate) {
        this.appliedKeys = appliedKeys;
        this.buffer = buffer;
        this.gate = gate;
        this.writer = writer;
        this.applied = new GtidSet(startGtidSet);
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
                }
                try {
                    apply(batch);
                } finally {
                    synchronized (this) {
                        flushing = false;
                        flushingSinceMs = 0;
                        notifyAll();
                    }
                }
                if (batch.isEmpty()) {
                    sleep(held.isEmpty() ? 10 : 2);
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

    /** Images of one batch, or left from earlier ones, that wait for a chunk in its write phase ({@link #held}). */
    private final Map<TableSchema, Map<KeyValue, Held>> held = new LinkedHashMap<>();
    /** Batches whose GTIDs wait for held images of theirs or of earlier batches; in binlog order. */
    private final Deque<Pending> pending = new ArrayDeque<>();
    private long batches;

    /** A held image and the first batch whose apply it keeps from completing. */
    private record Held(List<Object> row, long batch) {}

    /** A taken batch not yet complete on the target. */
    private record Pending(long batch, List<String> gtids, long oldestEventMs) {}

    private void apply(ChangeBuffer.Batch batch) {
        long seq = ++batches;
        Map<TableSchema, Map<KeyValue, Held>> work = new LinkedHashMap<>(held);
        held.clear();
        batch.images().forEach((table, images) -> {
            Map<KeyValue, Held> merged = new LinkedHashMap<>(work.getOrDefault(table, Map.of()));
            images.forEach((key, row) -> {
                Held older = merged.remove(key); // the newer image replaces it; the older batch still waits for it
                merged.put(key, new Held(row, older == null ? seq : older.batch()));
            });
            work.put(table, merged);
            // recorded before written: a chunk whose write phase begins from now on leaves them out or holds them
            appliedKeys.record(table.name(), images.keySet(), batch.gtids(), batch.open());
        });
        work.forEach((table, images) -> write(table, images));
        if (!batch.isEmpty()) {
            pending.add(new Pending(seq, batch.gtids(), batch.oldestEventMs()));
        }
        long firstHeld = Long.MAX_VALUE;
        for (Map<KeyValue, Held> images : held.values()) {
            for (Held h : images.values()) {
                firstHeld = Math.min(firstHeld, h.batch());
            }
        }
        synchronized (applied) {
            while (!pending.isEmpty() && pending.peekFirst().batch() < firstHeld) {
                pending.pollFirst().gtids().forEach(applied::add);
            }
            oldestHeldMs = pending.isEmpty() ? 0 : pending.peekFirst().oldestEventMs();
        }
    }

    /**
     * Writes the images of one table except those a chunk in its write phase holds, which stay in {@link #held} for the
     * next pass. Keys are compared exactly; where the key's collation may call two of them equal (a string column that
     * is not binary), a held image of a deleted key holds every image of the table, so that the delete still runs
     * before a REPLACE of an equal key (as {@link ImageWriter} orders them).
     */
    private void write(TableSchema table, Map<KeyValue, Held> images) {
        if (images.isEmpty()) {
            return;
        }
        Set<KeyValue> busy = appliedKeys.held(table.name(), images.keySet());
        boolean holdAll = !busy.isEmpty() && !exactKey(table)
                && busy.stream().anyMatch(k -> images.get(k).row() == null);
        Map<KeyValue, List<Object>> now = new LinkedHashMap<>();
        Map<KeyValue, Held> later = new LinkedHashMap<>();
        images.forEach((key, image) -> {
            if (holdAll || busy.contains(key)) {
                later.put(key, image);
            } else {
                now.put(key, image.row());
            }
        });
        if (!now.isEmpty()) {
            writer.write(table, now);
            keysApplied.addAndGet(now.size());
        }
        if (!later.isEmpty()) {
            held.put(table, later);
        }
    }

    /** @return true if equal stored bytes are the only way two keys of {@code table} can be equal in MySQL */
    private static boolean exactKey(TableSchema table) {
        return table.requireKey().columns().stream().allMatch(c -> c.charset() == null);
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
        long oldest = buffer.oldestPendingMs();
        long first = 0;
        for (long t : new long[] {oldest, flushingSinceMs, oldestHeldMs}) {
            first = t == 0 ? first : first == 0 ? t : Math.min(first, t);
        }
        return first == 0 ? 0 : System.currentTimeMillis() - first;
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
