package io.tablemover.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tablemover.engine.schema.KeyValue;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppliedKeysTest {
    private static final String U = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    private static void apply(AppliedKeys keys, String table, long key, List<String> gtids, boolean open) {
        keys.record(table, List.of(KeyValue.of(List.of(key))), gtids, open);
    }

    private static Set<KeyValue> leftOut(AppliedKeys.ChunkWrite chunk) {
        try {
            return chunk.enter(List.of());
        } finally {
            chunk.exit();
        }
    }

    @Test
    void keysOfTransactionsOutsideTheWatermarkAreLeftOutAndOnlyThose() {
        AppliedKeys keys = new AppliedKeys();
        apply(keys, "t", 1, List.of(U + ":1"), false);  // in the watermark: visible to the chunk's read
        apply(keys, "t", 2, List.of(U + ":2"), false);  // streamed before it was visible: outside
        apply(keys, "u", 3, List.of(U + ":3"), false);  // another table
        AppliedKeys.ChunkWrite chunk = keys.chunk("t");
        chunk.begin(U + ":1");
        assertEquals(Set.of(KeyValue.of(List.of(2L))), leftOut(chunk));
        chunk.end();
    }

    @Test
    void aBatchEndingInsideATransactionIsOutsideEveryWatermarkUntilItsGtidArrives() {
        AppliedKeys keys = new AppliedKeys();
        apply(keys, "t", 1, List.of(), true);            // the first rows of transaction :5, its commit not yet seen
        AppliedKeys.ChunkWrite early = keys.chunk("t");
        early.begin(U + ":1-9");
        assertEquals(Set.of(KeyValue.of(List.of(1L))), leftOut(early), "open: left out whatever the watermark");
        early.end();
        apply(keys, "t", 2, List.of(U + ":5"), false);   // the rest of :5 and its commit
        AppliedKeys.ChunkWrite late = keys.chunk("t");
        late.begin(U + ":1-9");
        assertEquals(Set.of(), leftOut(late), ":5 is in the watermark now");
        late.end();
        assertEquals(0, keys.size(), "entries inside every watermark in flight are forgotten");
    }

    @Test
    void nothingIsRecordedOnceTheCopyIsDone() {
        AppliedKeys keys = new AppliedKeys();
        keys.copyDone();
        apply(keys, "t", 1, List.of(U + ":1"), false);
        assertEquals(0, keys.size());
    }

    @Test
    void theApplyWaitsOnlyForTheKeysAChunkInItsWritePhaseKeeps() {
        AppliedKeys keys = new AppliedKeys();
        KeyValue k1 = KeyValue.of(List.of(1L));
        KeyValue k2 = KeyValue.of(List.of(2L));
        KeyValue k3 = KeyValue.of(List.of(3L));
        apply(keys, "t", 2, List.of(U + ":2"), false); // outside the chunk's watermark: left out, so not held
        AppliedKeys.ChunkWrite chunk = keys.chunk("t");
        chunk.begin(U + ":1");
        assertEquals(Set.of(k2), chunk.enter(List.of(k1, k2)));
        assertEquals(Set.of(k1), keys.held("t", List.of(k1, k2, k3)), "k1 is written by the chunk, k2 is not");
        assertEquals(Set.of(), keys.held("u", List.of(k1)), "another table");
        chunk.exit();
        assertEquals(Set.of(), keys.held("t", List.of(k1, k2, k3)), "committed: the apply may write k1");
        chunk.end();
    }
}
