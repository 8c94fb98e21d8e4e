package io.tablemover.plugin.hooks.shell;

import io.tablemover.spi.Plugin;
import io.tablemover.spi.SpiVersion;
import io.tablemover.spi.hook.HookFactory;
import java.util.List;

/**
 * The {@code hooks-shell} plugin: runs the operator's executables at the points of a run's life
 * cycle, like gh-ost's {@code --hooks-path}. It offers one hook factory, {@code shell}
 * ({@link ShellHookFactory}); the executables get the run's state as {@code TABLEMOVER_*}
 * environment variables ({@link HookEnvironment}). Uses only the JDK.
 */
public final class ShellHooksPlugin implements Plugin {
    /** The plugin's name, equal to its folder under {@code plugins/}. */
    public static final String NAME = "hooks-shell";

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public ShellHooksPlugin() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SpiVersion spiVersion() {
        return new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR);
    }

    /** @return the {@code shell} hook factory */
    @Override
    public List<HookFactory> hookFactories() {
        return List.of(new ShellHookFactory());
    }
}
