package io.tablemover.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the engine offers a plugin component when it creates it (see the factories'
 * {@code create} methods). Immutable and thread-safe.
 *
 * @param pluginName the {@link Plugin#name()} of the plugin the factory belongs to
 * @param pluginDirectory the plugin's folder, e.g. {@code /opt/tablemover/plugins/hooks-shell}; a
 *     plugin may read its own files there but must not write there
 * @param log the engine's log for this plugin
 * @since 1.1
 */
public record PluginContext(String pluginName, Path pluginDirectory, PluginLog log) {
    /**
     * @throws NullPointerException if a component is null
     */
    public PluginContext {
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(pluginDirectory, "pluginDirectory");
        Objects.requireNonNull(log, "log");
    }
}
