package io.tablemover.engine.config;

import io.tablemover.spi.sharding.KeyRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a move's rows go: one target holding every row, or several shards each owning a keyspace-id
 * range (Vitess resharding: {@code --target URL@-80 --target URL@80-}). Immutable, validated.
 *
 * <p>The first shard is the run's home: its database holds the run state and the table locks, and
 * {@code tablemover status --target} reads it.
 *
 * @param shards the targets in the order given; a single unsharded target has the range {@code -}
 * @param keys table → its sharding key; empty for an unsharded move
 * @param referenceTables tables copied whole to every shard ({@code --reference-tables}, Vitess reference
 *     tables); empty for an unsharded move
 */
public record Sharding(List<Shard> shards, Map<String, ShardingKey> keys, List<String> referenceTables) {

    /**
     * @throws InvalidInputException if the shards' ranges overlap or leave gaps (they must cover the whole
     *     keyspace, like a Vitess keyspace's shards), two shards are the same database, or sharding keys or
     *     reference tables are given without several shards
     */
    public Sharding {
        shards = List.copyOf(shards);
        keys = Map.copyOf(keys);
        referenceTables = List.copyOf(referenceTables);
        if (shards.isEmpty()) {
            throw new InvalidInputException("--target is missing: give the target database");
        }
        try {
            KeyRange.validateShards(shards.stream().map(Shard::keyRange).toList());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--target key ranges: " + e.getMessage()
                    + "; the shards' ranges must cover the keyspace once, e.g. @-80 and @80-");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Shard s : shards) {
            if (!seen.add(s.endpoint().address() + "/" + s.endpoint().database())) {
                throw new InvalidInputException("--target " + s.endpoint().url() + " is given twice: each shard needs its own database");
            }
        }
        if (shards.size() == 1 && (!keys.isEmpty() || !referenceTables.isEmpty())) {
            throw new InvalidInputException("--sharding-key and --reference-tables need several shards:"
                    + " give each target its key range, e.g. --target URL1@-80 --target URL2@80-");
        }
    }

    /** @return a move to one target holding every row */
    public static Sharding single(Endpoint target) {
        return new Sharding(List.of(new Shard(target, KeyRange.FULL)), Map.of(), List.of());
    }

    /** @return true if rows are split across several shards */
    public boolean sharded() {
        return shards.size() > 1;
    }

    /**
     * @return how messages name {@code shard} after its table or database: {@code " (shard -80)"} when rows are split,
     *     empty for an unsharded move
     */
    public String label(Shard shard) {
        return sharded() ? " (shard " + shard.name() + ")" : "";
    }

    /** @return the run's home target (first shard): run state and table locks live in its database */
    public Endpoint home() {
        return shards.get(0).endpoint();
    }

    /** @return the names of the sharding functions the keys use */
    public Set<String> vindexes() {
        return keys.values().stream().map(ShardingKey::vindex).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * Checks the keys and reference tables against the moved tables: when sharded, every table has a
     * sharding key or is a reference table, never both, and names no table outside {@code tables}.
     *
     * @throws InvalidInputException naming the table and the fix
     */
    public void checkTables(Collection<String> tables) {
        for (String t : keys.keySet()) {
            if (!tables.contains(t)) {
                throw new InvalidInputException("--sharding-key names table " + t + ", which is not in --tables " + tables);
            }
        }
        for (String t : referenceTables) {
            if (!tables.contains(t)) {
                throw new InvalidInputException("--reference-tables names table " + t + ", which is not in --tables " + tables);
            }
            if (keys.containsKey(t)) {
                throw new InvalidInputException("table " + t + " has a --sharding-key and is in --reference-tables:"
                        + " a table is either split across the shards or copied whole to each, not both");
            }
        }
        if (!sharded()) {
            return;
        }
        List<String> unplaced = new ArrayList<>();
        for (String t : tables) {
            if (!keys.containsKey(t) && !referenceTables.contains(t)) {
                unplaced.add(t);
            }
        }
        if (!unplaced.isEmpty()) {
            throw new InvalidInputException("table(s) " + String.join(", ", unplaced) + " have no sharding key and the"
                    + " targets are sharded: give each --sharding-key TABLE=COLUMN[:VINDEX], or name them in"
                    + " --reference-tables to copy them whole to every shard");
        }
    }

    /**
     * @return a text naming the shards and keys, part of the run token of a sharded move, e.g.
     *     {@code h1:3306/app@-80,h2:3306/app@80-;orders=customer_id:hash;ref=countries}
     */
    public String identity() {
        String targets = shards.stream().map(s -> s.endpoint().address() + "/" + s.endpoint().database() + "@" + s.name())
                .collect(Collectors.joining(","));
        Map<String, ShardingKey> sorted = new java.util.TreeMap<>(keys);
        return targets + ";" + sorted.values().stream().map(ShardingKey::toString).collect(Collectors.joining(","))
                + ";ref=" + referenceTables.stream().sorted().collect(Collectors.joining(","));
    }
}
