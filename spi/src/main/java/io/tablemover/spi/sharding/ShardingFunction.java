package io.tablemover.spi.sharding;

/**
 * Maps a row's sharding-key value to a {@link KeyspaceId}; the engine writes the row to the shard
 * whose {@link KeyRange} contains it. Must be deterministic: the same value gives the same id on
 * every JVM, platform and run (ids are the contract with the shards' existing data).
 *
 * <p>Threading: thread-safe; the engine calls it concurrently from its copy workers and the
 * binlog applier, once per row, so it should be fast and allocate little.
 *
 * <p>Values come in the engine's canonical Java form of a key column: {@link Long} for integer
 * columns ({@link java.math.BigInteger} for BIGINT UNSIGNED values past {@code Long.MAX_VALUE}),
 * {@link String} for CHAR/VARCHAR, {@code byte[]} for BINARY/VARBINARY, {@link java.math.BigDecimal}
 * for DECIMAL; {@link Integer}, {@link Short} and {@link Byte} may appear too. Each function
 * documents which of these it accepts.
 *
 * @since 1.1
 */
public interface ShardingFunction {
    /**
     * @param value the sharding key's value, never null
     * @return the value's keyspace id
     * @throws IllegalArgumentException if the function does not accept the value's type or value
     *     (the message names both); the engine fails the run, as the row cannot be placed
     * @throws NullPointerException if {@code value} is null
     */
    KeyspaceId keyspaceId(Object value);
}
