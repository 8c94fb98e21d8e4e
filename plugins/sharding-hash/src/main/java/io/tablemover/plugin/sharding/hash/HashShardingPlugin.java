package io.tablemover.plugin.sharding.hash;

import io.tablemover.spi.Plugin;

/**
 * The {@code sharding-hash} plugin: routes each row to one of N target shards by a hash of its
 * sharding key.
 *
 * <p>Once the sharding SPI lands it will provide a sharding-function factory that computes a stable
 * hash (independent of the JVM and of the platform's byte order) of one or more key columns and maps
 * it onto a configured number of shards, so that a table can be resharded while it is being moved.
 *
 * <p>This version only identifies itself; the sharding-function factory arrives with a later SPI
 * version.
 */
public final class HashShardingPlugin implements Plugin {
    /** The plugin's name, equal to its folder under {@code plugins/}. */
    public static final String NAME = "sharding-hash";

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public HashShardingPlugin() {}

    @Override
    public String name() {
        return NAME;
    }
}
