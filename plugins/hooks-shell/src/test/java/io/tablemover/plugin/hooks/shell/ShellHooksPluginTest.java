package io.tablemover.plugin.hooks.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tablemover.spi.Plugin;
import io.tablemover.spi.SpiVersion;
import io.tablemover.spi.hook.HookFactory;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ShellHooksPluginTest {
    @Test
    void isFoundByServiceLoaderWithItsFolderNameAndTheCurrentSpiVersion() {
        List<Plugin> plugins = ServiceLoader.load(Plugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertEquals(1, plugins.size(), "plugins found: " + plugins);
        Plugin plugin = plugins.get(0);
        assertInstanceOf(ShellHooksPlugin.class, plugin);
        assertEquals("hooks-shell", plugin.name());
        assertEquals(SpiVersion.CURRENT, plugin.spiVersion());
    }

    @Test
    void offersTheShellHookFactoryOnly() {
        Plugin plugin = new ShellHooksPlugin();
        assertEquals(List.of("shell"), plugin.hookFactories().stream().map(HookFactory::name).toList());
        assertEquals(List.of(), plugin.throttlerFactories());
        assertEquals(List.of(), plugin.shardingFunctionFactories());
    }
}
