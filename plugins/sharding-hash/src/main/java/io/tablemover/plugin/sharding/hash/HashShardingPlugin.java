package io.tablemover.plugin.sharding.hash;

import io.tablemover.spi.Plugin;
import io.tablemover.spi.SpiVersion;
import io.tablemover.spi.sharding.ShardingFunctionFactory;
import java.util.List;

/**
 * The {@code sharding-hash} plugin: sharding functions that compute the same keyspace ids as
 * Vitess's vindexes of the same name, so that tables can be resharded into, or alongside, a Vitess
 * keyspace:
 * <ul>
 *   <li>{@code hash} ({@link HashFunction}): DES with an all-zero key over the value as an 8-byte
 *       big-endian unsigned integer;</li>
 *   <li>{@code xxhash} ({@link XxhashFunction}): XXH64 with seed 0 over the value's bytes, the
 *       result as 8 little-endian bytes.</li>
 * </ul>
 * Both take no configuration. Thread-safe.
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

    @Override
    public SpiVersion spiVersion() {
        return new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR);
    }

    /** @return the {@code hash} and {@code xxhash} factories */
    @Override
    public List<ShardingFunctionFactory> shardingFunctionFactories() {
        return List.of(new NoConfigFactory(HashFunction.NAME, HashFunction::new),
                new NoConfigFactory(XxhashFunction.NAME, XxhashFunction::new));
    }
}
