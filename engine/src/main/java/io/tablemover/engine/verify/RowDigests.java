package io.tablemover.engine.verify;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.sql.VerifyStatements;
import io.tablemover.engine.transfer.ValueReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The key-level comparison of a chunk (or of some keys): each side's (key, row digest) pairs, the source's rows routed
 * to the shard that must hold them, and the keys whose row differs on some shard: missing, changed, or present on a
 * shard that does not own it. Ships keys and 32-hex-digit digests only, never rows.
 */
public final class RowDigests {
    private final ServerPool source;
    private final List<ServerPool> shards;
    private final ShardRouter router;

    RowDigests(ServerPool source, List<ServerPool> shards, ShardRouter router) {
        this.source = source;
        this.shards = shards;
        this.router = router;
    }

    /** How one shard's row of a key differs from the source's. */
    public enum Kind {
        /** the shard owns the source's row but does not hold it */
        MISSING,
        /** the shard holds a row the source does not have, or one it does not own */
        EXTRA,
        /** the shard holds the key with other values */
        DIFFERENT
    }

    /**
     * One key that differs on one shard.
     *
     * @param key the row's key
     * @param shard the shard's index, in the order of the targets (0 when unsharded)
     * @param kind how it differs
     */
    public record Mismatch(KeyValue key, int shard, Kind kind) {}

    /**
     * The outcome of one key-level comparison.
     *
     * @param sourceRows source rows read
     * @param mismatches every (key, shard) that differs, in key order of the source, then of the shards
     */
    record Diff(long sourceRows, List<Mismatch> mismatches) {
        /** @return the keys whose rows differ on some shard, in the order of {@link #mismatches()} */
        Set<KeyValue> differing() {
            Set<KeyValue> keys = new LinkedHashSet<>();
            mismatches.forEach(m -> keys.add(m.key()));
            return keys;
        }
    }

    /**
     * @param sourceName the source table's name (the target tables are {@code t.name()})
     * @param keys null to compare the whole {@code range}; otherwise only these keys
     */
    Diff diff(TableSchema t, String sourceName, KeyRange range, List<KeyValue> keys) throws SQLException {
        List<Column> select = selectColumns(t);
        ShardRouter.TableRoute route = router.route(t, select);
        Map<KeyValue, String> sourceDigests = new HashMap<>();
        Map<KeyValue, Integer> owners = new HashMap<>();
        Set<KeyValue> order = new LinkedHashSet<>();
        read(source, sourceName, t, select, range, keys, (row, key, digest) -> {
            sourceDigests.put(key, digest);
            owners.put(key, route.shardOf(row));
            order.add(key);
        });
        List<Mismatch> mismatches = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            int shard = i;
            Map<KeyValue, String> held = new java.util.LinkedHashMap<>();
            read(shards.get(i), t.name(), t, select, range, keys, (row, key, digest) -> held.put(key, digest));
            for (KeyValue k : order) {
                int owner = owners.get(k);
                boolean owns = owner == shard || owner == ShardRouter.TableRoute.EVERY_SHARD;
                String there = held.remove(k);
                if (owns && there == null) {
                    mismatches.add(new Mismatch(k, shard, Kind.MISSING));
                } else if (owns && !sourceDigests.get(k).equals(there)) {
                    mismatches.add(new Mismatch(k, shard, Kind.DIFFERENT));
                } else if (!owns && there != null) {
                    mismatches.add(new Mismatch(k, shard, Kind.EXTRA));
                }
            }
            held.keySet().forEach(k -> mismatches.add(new Mismatch(k, shard, Kind.EXTRA))); // the source lacks them
        }
        return new Diff(sourceDigests.size(), mismatches);
    }

    /** @return the key columns, and the sharding column when the table has one outside its key */
    private List<Column> selectColumns(TableSchema t) {
        List<Column> select = new ArrayList<>(t.requireKey().columns());
        try {
            router.route(t, select);
        } catch (IllegalArgumentException notInKey) {
            for (Column c : t.storedColumns()) {
                if (!select.contains(c)) {
                    List<Column> with = new ArrayList<>(select);
                    with.add(c);
                    if (routes(t, with)) {
                        return with;
                    }
                }
            }
            throw notInKey;
        }
        return select;
    }

    private boolean routes(TableSchema t, List<Column> columns) {
        try {
            router.route(t, columns);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private interface RowSink {
        void accept(List<Object> row, KeyValue key, String digest);
    }

    private static void read(ServerPool pool, String name, TableSchema t, List<Column> select, KeyRange range,
                             List<KeyValue> keys, RowSink sink) throws SQLException {
        int[] keyPositions = ValueReader.keyPositions(t.requireKey(), select);
        String db = pool.endpoint().database();
        try (Connection c = pool.connection();
             ResultSet rs = VerifyStatements.rowDigests(ServerPool.on(c), db, name, t.storedColumns(), select,
                     t.requireKey(), range, keys).fetchResultSet()) {
            while (rs.next()) {
                List<Object> row = ValueReader.readRow(rs, select);
                sink.accept(row, ValueReader.keyOf(row, keyPositions, t.requireKey()), rs.getString(select.size() + 1));
            }
        }
    }
}
