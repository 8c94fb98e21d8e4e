package io.tablemover.engine.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyColumns;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A full change buffer: the binlog thread waits for space, and closing the buffer ends that wait at once. */
class ChangeBufferCloseTest {
    private static final Column ID = new Column("id", 1, "int", "int", null, 0, 0, false, false);
    private static final TableSchema T = new TableSchema("db", "t", List.of(ID),
            Optional.of(new KeyColumns("PRIMARY", List.of(ID))), 0, "");

    @Test
    void closingAFullBufferReleasesTheWaitingStreamAndRecordsNothingMore() throws Exception {
        ChangeBuffer buffer = new ChangeBuffer(2);
        buffer.rowImage(T, KeyValue.of(1), List.of(1));
        buffer.rowImage(T, KeyValue.of(2), List.of(2));
        Thread stream = new Thread(() -> {
            buffer.rowImage(T, KeyValue.of(3), List.of(3)); // the buffer is full: waits
            buffer.transactionCommitted("3e11fa47-71ca-11e1-9e33-c80aa9429562:7", 0);
        });
        stream.start();
        Thread.sleep(300);
        assertTrue(stream.isAlive(), "the stream waits for buffer space");

        buffer.close();
        stream.join(1_000);
        assertFalse(stream.isAlive(), "closing the buffer ended the wait");
        ChangeBuffer.Batch rest = buffer.take();
        assertEquals(2, rest.images().get(T).size(), "the key that arrived after the close is not recorded");
        assertTrue(rest.gtids().isEmpty(), "nor the transaction: its keys were dropped");
    }
}
