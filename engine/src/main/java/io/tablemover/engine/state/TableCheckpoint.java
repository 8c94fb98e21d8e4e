package io.tablemover.engine.state;

import io.tablemover.engine.schema.KeyValue;
import java.util.Optional;

/**
 * Copy progress of one table as stored in {@code _tablemover_tables}, written in the same target
 * transaction as the chunk it describes.
 *
 * @param table the table
 * @param keyColumns the key's columns, comma-joined, as chosen when the run started
 * @param lowKey every key up to and including this one is copied; empty if no chunk is done yet.
 *     Stored hex-serialized ({@link KeyValue#toHex()})
 * @param rowsCopied rows copied so far
 * @param chunksCopied chunks copied so far
 * @param done true once the last chunk is copied
 */
public record TableCheckpoint(String table, String keyColumns, Optional<KeyValue> lowKey, long rowsCopied,
                              long chunksCopied, boolean done) {}
