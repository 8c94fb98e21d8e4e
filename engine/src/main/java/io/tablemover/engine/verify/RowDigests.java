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
final class RowDigests {
    private final ServerPool source;
    private final List<ServerPool> shards;
    private final ShardRouter router;

    RowDigests(ServerPool source, List<ServerPool> shards, ShardRouter router) {
        this.source = source;
        this.shards = shards;
        this.router = router;
    }

    /**
     * The outcome of one key-level comparison.
     *
     * @param sourceRows source rows read
     * @param differing keys whose rows differ on some shard, in key order of the source, then of the shards
     */
    record Diff(long sourceRows, Set<KeyValue> differing) {}

    /**
     * @param keys null to compare the whole {@code range}; otherwise only these keys
     */
    Diff diff(TableSchema t, KeyRange range, List<KeyValue> keys) throws SQLException {
        List<Column> select = selectColumns(t);
        ShardRouter.TableRoute route = router.route(t, select);
        Map<KeyValue, String> sourceDigests = new HashMap<>();
        Map<KeyValue, Integer> owners = new HashMap<>();
        Set<KeyValue> order = new LinkedHashSet<>();
        read(source, t, select, range, keys, (row, key, digest) -> {
            sourceDigests.put(key, digest);
            owners.put(key, route.shardOf(row));
            order.add(key);
        });
        Set<KeyValue> differing = new LinkedHashSet<>();
        for (int i = 0; i < shards.size(); i++) {
            int shard = i;
            Map<KeyValue, String> held = new HashMap<>();
            read(shards.get(i), t, select, range, keys, (row, key, digest) -> held.put(key, digest));
            for (KeyValue k : order) {
                int owner = owners.get(k);
                boolean owns = owner == shard || owner == ShardRouter.TableRoute.EVERY_SHARD;
                String there = held.remove(k);
                if (owns ? !sourceDigests.get(k).equals(there) : there != null) {
                    differing.add(k);
                }
            }
            differing.addAll(held.keySet()); // rows the source does not have
        }
        return new Diff(sourceDigests.size(), differing);
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

    private static void read(ServerPool pool, TableSchema t, List<Column> select, KeyRange range, List<KeyValue> keys,
                             RowSink sink) throws SQLException {
        int[] keyPositions = ValueReader.keyPositions(t.requireKey(), select);
        String db = pool.endpoint().database();
        try (Connection c = pool.connection();
             ResultSet rs = VerifyStatements.rowDigests(ServerPool.on(c), db, t.name(), t.storedColumns(), select,
                     t.requireKey(), range, keys).fetchResultSet()) {
            while (rs.next()) {
                List<Object> row = ValueReader.readRow(rs, select);
                sink.accept(row, ValueReader.keyOf(row, keyPositions, t.requireKey()), rs.getString(select.size() + 1));
            }
        }
    }
}
