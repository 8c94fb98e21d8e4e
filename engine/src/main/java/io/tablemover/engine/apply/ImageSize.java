package io.tablemover.engine.apply;

import io.tablemover.engine.schema.KeyValue;
import java.util.List;

/**
 * An estimate of the heap a pending row image takes, in bytes, for the {@link ChangeBuffer}'s byte bound: the bytes of
 * binary values, two bytes per character of text, 16 bytes for any other value, plus 48 bytes per value and 64 per
 * image for the objects around them (the key counted like a row).
 */
final class ImageSize {
    private ImageSize() {}

    /** @return the estimated bytes of {@code key} and {@code row} (null: a deleted key) */
    static long of(KeyValue key, List<Object> row) {
        long bytes = 64 + values(key.parts());
        return row == null ? bytes : bytes + values(row);
    }

    private static long values(List<Object> values) {
        long bytes = 0;
        for (Object v : values) {
            bytes += 48 + (v instanceof byte[] b ? b.length : v instanceof String s ? 2L * s.length() : 16);
        }
        return bytes;
    }
}
