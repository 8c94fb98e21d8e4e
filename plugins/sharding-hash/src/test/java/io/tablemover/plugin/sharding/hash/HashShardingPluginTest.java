package io.tablemover.plugin.sharding.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tablemover.spi.Plugin;
import io.tablemover.spi.SpiVersion;
import io.tablemover.spi.sharding.ShardingFunctionFactory;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HashShardingPluginTest {
    @Test
    void isFoundByServiceLoaderWithItsFolderNameAndTheCurrentSpiVersion() {
        List<Plugin> plugins = ServiceLoader.load(Plugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertEquals(1, plugins.size(), "plugins found: " + plugins);
        Plugin plugin = plugins.get(0);
        assertInstanceOf(HashShardingPlugin.class, plugin);
        assertEquals("sharding-hash", plugin.name());
        assertEquals(SpiVersion.CURRENT, plugin.spiVersion());
    }

    @Test
    void offersHashAndXxhashAndNothingElse() {
        Plugin plugin = new HashShardingPlugin();
        assertEquals(List.of("hash", "xxhash"),
                plugin.shardingFunctionFactories().stream().map(ShardingFunctionFactory::name).toList());
        assertEquals(List.of(), plugin.hookFactories());
        assertEquals(List.of(), plugin.throttlerFactories());
    }
}
