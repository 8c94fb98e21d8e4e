package io.tablemover.engine.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommitWindowTest {
    private static Chunk chunk(long seq, Long lower, Long upper) {
        return new Chunk(null, new KeyRange(Optional.ofNullable(lower).map(l -> KeyValue.of(List.of(l))),
                Optional.ofNullable(upper).map(u -> KeyValue.of(List.of(u)))), seq);
    }

    private static CommitWindow.Advance commit(CommitWindow w, Chunk c) {
        CommitWindow.Advance a = w.beforeCommit(c);
        w.finished(c, true);
        return a;
    }

    @Test
    void theLowKeyMovesOnlyOverARunOfCommittedChunks() {
        CommitWindow w = new CommitWindow(5); // resumed: chunks 0..4 were copied before
        Chunk c5 = chunk(5, 0L, 100L);
        Chunk c6 = chunk(6, 100L, 200L);
        Chunk c7 = chunk(7, 200L, 300L);
        Chunk c8 = chunk(8, 300L, null);
        assertEquals(new CommitWindow.Advance(Optional.empty(), false), commit(w, c7), "7 above the gap at 5");
        assertEquals(new CommitWindow.Advance(Optional.empty(), false), commit(w, c8), "the last chunk above the gap");
        assertEquals(new CommitWindow.Advance(Optional.of(KeyValue.of(List.of(100L))), false), commit(w, c5));
        assertEquals(new CommitWindow.Advance(Optional.empty(), true), commit(w, c6), "6 closes the gap up to the end");
    }

    @Test
    void aFailedCommitLeavesItsChunkUncommitted() {
        CommitWindow w = new CommitWindow(0);
        Chunk c0 = chunk(0, null, 10L);
        Chunk c1 = chunk(1, 10L, 20L);
        w.beforeCommit(c0);
        w.finished(c0, false);
        assertEquals(new CommitWindow.Advance(Optional.empty(), false), commit(w, c1));
        assertEquals(new CommitWindow.Advance(Optional.of(KeyValue.of(List.of(20L))), false), commit(w, c0));
    }
}
