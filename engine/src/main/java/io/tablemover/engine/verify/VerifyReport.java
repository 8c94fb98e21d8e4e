package io.tablemover.engine.verify;

import java.util.List;
import java.util.Map;

/**
 * What the standalone {@code tablemover verify} found: one {@link Table} per table compared, in the order given.
 * Printed as text or, with {@code --report-format json}, as JSON (the field names are the record components').
 *
 * @param equal true if every table is equal on the source and the target(s) (after {@code --repair}: once repaired),
 *     no chunk left undecided
 * @param runInProgress the stored run found in progress on the first target, e.g.
 *     {@code run 1a2b3c4d5e6f (phase COPY, tables t1,t2)}; null if none (then every chunk is compared once)
 * @param chunksUndecided chunks that still differed while the run in progress had not caught up with the source within
 *     {@code --run-catch-up-timeout-seconds} ("run lagging"): neither equal nor reported as differences; 0 without a
 *     run in progress
 * @param longestSourceLockMillis the longest time one locking read of {@code --repair} held its share locks on the
 *     source, ms; 0 without {@code --repair} or when nothing was repaired (the comparison takes no lock)
 * @param repair whether {@code --repair} wrote the source's rows of differing keys into the target(s)
 * @param targets the target(s) compared, by URL (with the shard's key range when sharded), in option order
 * @param tables one report per table
 * @param elapsedMillis wall time of the comparison, in milliseconds
 */
public record VerifyReport(boolean equal, String runInProgress, long chunksUndecided, boolean repair,
                           List<String> targets, List<Table> tables, long longestSourceLockMillis, long elapsedMillis) {

    /** @return true if some table's keys differ (as opposed to equal, or only undecided) */
    public boolean differ() {
        return tables.stream().anyMatch(t -> t.problem() != null || t.keysStillDiffering() > 0);
    }


    /**
     * One table's comparison.
     *
     * @param table the table's name on the target(s)
     * @param sourceTable the table's name on the source ({@code _<table><suffix>} with {@code --source-suffix})
     * @param equal true if no difference remains
     * @param problem why the rows were not compared (e.g. the columns differ), null if they were
     * @param rowsCompared source rows compared
     * @param chunks key-range chunks compared
     * @param chunksDiffered chunks in which a difference was confirmed
     * @param chunksUndecided chunks that still differed while the run in progress lagged: not compared to the end
     * @param mismatchedKeys keys whose row differs on some target (before any repair)
     * @param keysRepaired keys whose rows {@code --repair} re-wrote from the source
     * @param keysStillDiffering keys that differ at the end: all mismatched keys without {@code --repair}, those
     *     that differ again after their repair with it
     * @param longestSourceLockMillis the longest source lock of this table's repair, ms (0: none)
     * @param shards the differences per target (before any repair)
     * @param keys the first {@code --max-keys} mismatched keys in full, in key order per chunk
     */
    public record Table(String table, String sourceTable, boolean equal, String problem, long rowsCompared, long chunks,
                        long chunksDiffered, long chunksUndecided, long mismatchedKeys, long keysRepaired,
                        long keysStillDiffering, long longestSourceLockMillis, List<Shard> shards, List<Key> keys) {}

    /**
     * One target's differences of one table.
     *
     * @param target the target's URL (with its key range when sharded)
     * @param missing rows of the source that the target owns but does not hold
     * @param extra rows the target holds that the source does not have, or that belong on another target
     * @param different rows the target holds with other values than the source
     */
    public record Shard(String target, long missing, long extra, long different) {}

    /**
     * One mismatched key in full.
     *
     * @param key the key's columns and values, in key order (binary values as hex)
     * @param differences how it differs, one per target where it does, e.g. {@code missing on jdbc:mysql://h:3306/db}
     */
    public record Key(Map<String, String> key, List<Difference> differences) {}

    /**
     * How one key differs on one target.
     *
     * @param target the target's URL (with its key range when sharded)
     * @param kind {@code missing}, {@code extra} or {@code different}
     */
    public record Difference(String target, String kind) {}
}
