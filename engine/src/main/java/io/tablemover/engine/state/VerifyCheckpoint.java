package io.tablemover.engine.state;

import io.tablemover.engine.schema.KeyValue;
import java.util.Optional;

/**
 * Verify progress of one table as stored in {@code _tablemover_verify}, written after each verified chunk.
 *
 * @param table the table
 * @param lowKey every key up to and including this one is verified; empty if no chunk is verified yet
 * @param rowsCompared source rows compared so far
 * @param chunksCompared chunks compared so far
 * @param keysRepaired keys found different and re-synced from the source so far
 * @param done true once the table's last chunk is verified
 */
public record VerifyCheckpoint(String table, Optional<KeyValue> lowKey, long rowsCompared, long chunksCompared,
                               long keysRepaired, boolean done) {}
