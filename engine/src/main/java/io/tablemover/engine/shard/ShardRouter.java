package io.tablemover.engine.shard;

import io.tablemover.engine.config.Shard;
import io.tablemover.engine.config.Sharding;
import io.tablemover.engine.config.ShardingKey;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.spi.sharding.KeyRange;
import io.tablemover.spi.sharding.KeyspaceId;
import io.tablemover.spi.sharding.ShardingFunction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decides which target shards receive a table's rows: the one shard whose key range holds the keyspace
 * id of the row's sharding column (a sharded table), every shard (a reference table), or the only target
 * (an unsharded move). Immutable and thread-safe (the sharding functions are, by the SPI's contract).
 *
 * <p>Keyspace ids compare as unsigned bytes; ranges are start-inclusive, end-exclusive (Vitess).
 */
public final class ShardRouter {
    private final List<KeyRange> ranges;
    private final Map<String, ShardingKey> keys;
    private final Function<String, ShardingFunction> functions;

    /**
     * @param sharding the shards and sharding keys of the move
     * @param functions sharding function by name (the {@code vindex} of each key); must know every vindex
     *     the keys use
     */
    public ShardRouter(Sharding sharding, Function<String, ShardingFunction> functions) {
        this(sharding.shards().stream().map(Shard::keyRange).toList(), sharding.keys(), functions);
        for (ShardingKey k : keys.values()) {
            Objects.requireNonNull(functions.apply(k.vindex()), () -> "no sharding function " + k.vindex());
        }
    }

    private ShardRouter(List<KeyRange> ranges, Map<String, ShardingKey> keys, Function<String, ShardingFunction> functions) {
        this.ranges = ranges;
        this.keys = keys;
        this.functions = functions;
    }

    /** @return a router for one unsharded target: every row goes to shard 0 */
    public static ShardRouter single() {
        return new ShardRouter(List.of(KeyRange.FULL), Map.of(), name -> null);
    }

    /** @return the number of shards (1 for an unsharded move) */
    public int shardCount() {
        return ranges.size();
    }

    /**
     * @return how {@code table}'s rows are placed
     * @throws IllegalArgumentException if the table's sharding column is not among its stored columns
     */
    public TableRoute route(TableSchema table) {
        return route(table, table.storedColumns());
    }

    /**
     * @param columns the columns of the rows {@link TableRoute#shardOf} will get, e.g. {@link TableSchema#columns()}
     *     for rows that include generated columns
     * @return how {@code table}'s rows are placed
     * @throws IllegalArgumentException if the table's sharding column is not among {@code columns}
     */
    public TableRoute route(TableSchema table, List<Column> columns) {
        ShardingKey key = keys.get(table.name());
        if (key == null) {
            return ranges.size() == 1 ? TableRoute.ONLY : TableRoute.EVERY;
        }
        int position = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(key.column())) {
                position = i;
            }
        }
        if (position < 0) {
            throw new IllegalArgumentException("table " + table.name() + " has no column " + key.column() + " among " + columns);
        }
        return new ShardedRoute(table.name(), key, position, functions.apply(key.vindex()), ranges);
    }

    /** How a table's rows are placed on the shards. */
    public interface TableRoute {
        /** {@link #shardOf} of a reference table: every shard holds every row. */
        int EVERY_SHARD = -1;

        /** The route of an unsharded move: shard 0. */
        TableRoute ONLY = row -> 0;

        /** The route of a reference table: every shard. */
        TableRoute EVERY = row -> EVERY_SHARD;

        /**
         * @param row the row's stored columns, as read by {@link io.tablemover.engine.transfer.ValueReader#readRow}
         * @return the owning shard's index in {@link Sharding#shards()}, or {@link #EVERY_SHARD}
         * @throws RoutingException if the sharding column is NULL or the function refuses its value
         */
        int shardOf(List<Object> row);
    }

    private record ShardedRoute(String table, ShardingKey key, int position, ShardingFunction function,
                                List<KeyRange> ranges) implements TableRoute {
        @Override
        public int shardOf(List<Object> row) {
            KeyspaceId id = keyspaceId(table, key, function, row.get(position));
            for (int i = 0; i < ranges.size(); i++) {
                if (ranges.get(i).contains(id)) {
                    return i;
                }
            }
            // cannot happen: the ranges were validated to cover the keyspace
            throw new RoutingException("table " + table + ": keyspace id " + id + " is in no shard's key range " + ranges);
        }

        static KeyspaceId keyspaceId(String table, ShardingKey key, ShardingFunction function, Object value) {
            if (value == null) {
                throw new RoutingException("table " + table + ": a row has NULL in sharding column " + key.column()
                        + " and cannot be placed on a shard; make the column NOT NULL or fill it");
            }
            try {
                return function.keyspaceId(value);
            } catch (RuntimeException e) {
                throw new RoutingException("table " + table + ": sharding function " + key.vindex() + " refuses the "
                        + key.column() + " value " + value + ": " + e.getMessage(), e);
            }
        }
    }
}
