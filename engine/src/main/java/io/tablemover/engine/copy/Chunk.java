package io.tablemover.engine.copy;

import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.schema.KeyRange;

/**
 * One unit of copy work: a key range of one table.
 *
 * @param table the table's progress (and schema)
 * @param range the keys, {@code lower < key <= upper}
 * @param sequence 0-based number of the chunk within its table
 */
public record Chunk(TableProgress table, KeyRange range, long sequence) {
    @Override
    public String toString() {
        return table.table().name() + "#" + sequence + " " + range;
    }
}
