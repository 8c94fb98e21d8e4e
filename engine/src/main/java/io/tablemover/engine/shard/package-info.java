/**
 * Resharding: placing each row on the target shard whose keyspace-id range holds the keyspace id of the
 * row's sharding column ({@link io.tablemover.engine.shard.ShardRouter}).
 */
package io.tablemover.engine.shard;
