package io.tablemover.plugin.throttle.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tablemover.spi.Plugin;
import io.tablemover.spi.SpiVersion;
import io.tablemover.spi.throttle.ThrottlerFactory;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HttpThrottlePluginTest {
    @Test
    void isFoundByServiceLoaderWithItsFolderNameAndTheCurrentSpiVersion() {
        List<Plugin> plugins = ServiceLoader.load(Plugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertEquals(1, plugins.size(), "plugins found: " + plugins);
        Plugin plugin = plugins.get(0);
        assertInstanceOf(HttpThrottlePlugin.class, plugin);
        assertEquals("throttle-http", plugin.name());
        assertEquals(SpiVersion.CURRENT, plugin.spiVersion());
    }

    @Test
    void offersTheHttpThrottlerFactoryOnly() {
        Plugin plugin = new HttpThrottlePlugin();
        assertEquals(List.of("http"), plugin.throttlerFactories().stream().map(ThrottlerFactory::name).toList());
        assertEquals(List.of(), plugin.hookFactories());
        assertEquals(List.of(), plugin.shardingFunctionFactories());
    }
}
