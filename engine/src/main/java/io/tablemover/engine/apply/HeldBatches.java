package io.tablemover.engine.apply;

import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.transfer.AppliedKeys;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The applier's batches, written around the copy's chunks: the keys of each batch are recorded for the copy's watermark
 * before they are written ({@link AppliedKeys#record}), and a key that a copy chunk in its write phase holds
 * ({@link AppliedKeys#held}) is not written until that chunk committed; its image waits for the next batch (a newer
 * image of the key replaces it) while the batch's other keys are written at once. A batch is complete, and its GTIDs
 * may join the applied set, once no image of it or of an earlier batch waits. Used by the applier thread only.
 */
final class HeldBatches {
    private final RowImageWriter writer;
    private final AppliedKeys appliedKeys;
    private final AtomicLong keysApplied;

    /** @param keysApplied counts the images written */
    HeldBatches(RowImageWriter writer, AppliedKeys appliedKeys, AtomicLong keysApplied) {
        this.writer = writer;
        this.appliedKeys = appliedKeys;
        this.keysApplied = keysApplied;
    }

    /** Images of one batch, or left from earlier ones, that wait for a chunk in its write phase. */
    private final Map<TableSchema, Map<KeyValue, Held>> held = new LinkedHashMap<>();
    /** Batches whose GTIDs wait for held images of theirs or of earlier batches; in binlog order. */
    private final Deque<Pending> pending = new ArrayDeque<>();
    private long count;

    /** A held image and the first batch whose apply it keeps from completing. */
    private record Held(List<Object> row, long batch) {}

    /** A taken batch not yet complete on the target; its oldest change's receive time and source timestamp (ms). */
    private record Pending(long batch, List<String> gtids, long oldestEventMs, long oldestSourceMs) {}

    /**
     * Records the batch's keys for the copy's watermark, then writes its images and those held from earlier batches,
     * except the keys a chunk in its write phase holds (a newer image of a key replaces its held one).
     *
     * @param oldestSourceMs the source timestamp of the batch's oldest change (ms), 0 if unknown
     * @return the GTIDs now complete on the target (of this batch and earlier ones), in binlog order
     * @throws TransferException if a target fails
     */
    List<String> apply(ChangeBuffer.Batch batch, long oldestSourceMs) {
        long seq = ++count;
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
            pending.add(new Pending(seq, batch.gtids(), batch.oldestEventMs(), oldestSourceMs));
        }
        long firstHeld = Long.MAX_VALUE;
        for (Map<KeyValue, Held> images : held.values()) {
            for (Held h : images.values()) {
                firstHeld = Math.min(firstHeld, h.batch());
            }
        }
        List<String> complete = new ArrayList<>();
        while (!pending.isEmpty() && pending.peekFirst().batch() < firstHeld) {
            complete.addAll(pending.pollFirst().gtids());
        }
        return complete;
    }

    /** @return true if no batch waits for a held image */
    boolean allComplete() {
        return pending.isEmpty();
    }

    /** @return when the oldest change of the oldest waiting batch was received (ms), 0 if none waits */
    long oldestWaitingMs() {
        return pending.isEmpty() ? 0 : pending.peekFirst().oldestEventMs();
    }

    /** @return the source timestamp of the oldest change of the oldest waiting batch (ms), 0 if none waits */
    long oldestWaitingSourceMs() {
        return pending.isEmpty() ? 0 : pending.peekFirst().oldestSourceMs();
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
}
