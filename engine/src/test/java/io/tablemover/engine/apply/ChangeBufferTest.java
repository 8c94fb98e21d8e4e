package io.tablemover.engine.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyColumns;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The last image of each key in binlog order wins, and the buffer is bounded by bytes as well as keys. */
class ChangeBufferTest {
    private static final Column ID = new Column("id", 1, "int", "int", null, 0, 0, false, false);
    private static final Column V = new Column("v", 2, "varchar", "varchar(10)", "utf8mb4", 40, 0, true, false);
    private static final TableSchema T = new TableSchema("db", "t", List.of(ID, V),
            Optional.of(new KeyColumns("PRIMARY", List.of(ID))), 0, "");

    private static KeyValue k(int id) {
        return KeyValue.of(id);
    }

    @Test
    void keyChangeThenInsertOfTheOldKeyKeepsBothRows() {
        ChangeBuffer buffer = new ChangeBuffer(100);
        buffer.rowImage(T, k(1), List.of(1, "a"));
        // UPDATE t SET id = 2 WHERE id = 1: the old key goes, the new one comes
        buffer.rowImage(T, k(1), null);
        buffer.rowImage(T, k(2), List.of(2, "a"));
        // INSERT of id 1 again
        buffer.rowImage(T, k(1), List.of(1, "b"));
        Map<KeyValue, List<Object>> images = buffer.take().images().get(T);
        assertEquals(List.of(k(2), k(1)), new ArrayList<>(images.keySet()), "order of the last images");
        assertEquals(List.of(2, "a"), images.get(k(2)));
        assertEquals(List.of(1, "b"), images.get(k(1)));
    }

    @Test
    void deleteAndReinsertOfAKeyEndsWithTheRowAndDeleteLastEndsWithout() {
        ChangeBuffer buffer = new ChangeBuffer(100);
        buffer.rowImage(T, k(3), List.of(3, "x"));
        buffer.rowImage(T, k(3), null);
        buffer.rowImage(T, k(3), List.of(3, "y"));
        buffer.rowImage(T, k(4), List.of(4, "x"));
        buffer.rowImage(T, k(4), null);
        ChangeBuffer.Batch batch = buffer.take();
        assertEquals(List.of(3, "y"), batch.images().get(T).get(k(3)));
        assertTrue(batch.images().get(T).containsKey(k(4)));
        assertNull(batch.images().get(T).get(k(4)));
        assertTrue(buffer.take().isEmpty());
    }

    @Test
    void theStreamWaitsWhileTheImagesPassTheByteBound() throws Exception {
        ChangeBuffer buffer = new ChangeBuffer(1000, 1000);
        buffer.rowImage(T, k(1), List.of(1, "x".repeat(600))); // an image beyond the bound enters an empty buffer
        CountDownLatch added = new CountDownLatch(1);
        Thread stream = new Thread(() -> {
            buffer.rowImage(T, k(2), List.of(2, "y"));
            added.countDown();
        });
        stream.start();
        assertFalse(added.await(300, TimeUnit.MILLISECONDS), "the second image waits for the applier");
        assertEquals(1, buffer.take().images().get(T).size());
        assertTrue(added.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(2, "y"), buffer.take().images().get(T).get(k(2)));
        stream.join();
    }
}
