package com.example.tablemover;

import io.tablemover.spi.Plugin;
import io.tablemover.spi.SpiVersion;
import io.tablemover.spi.hook.HookFactory;
import io.tablemover.spi.throttle.ThrottlerFactory;
import java.util.List;

/**
 * The plugin's entry point, named in META-INF/services/io.tablemover.spi.Plugin. Public, with a public no-argument
 * constructor, and no work done in it.
 */
public final class ExamplePlugin implements Plugin {
    @Override
    public String name() {
        return "example"; // conventionally the folder name under plugins/
    }

    @Override
    public SpiVersion spiVersion() {
        // exactly this: javac copies the constants of the SPI jar this plugin is built against
        return new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR);
    }

    @Override
    public List<HookFactory> hookFactories() {
        return List.of(new RecorderHookFactory());
    }

    @Override
    public List<ThrottlerFactory> throttlerFactories() {
        return List.of(new GateThrottlerFactory());
    }
}
