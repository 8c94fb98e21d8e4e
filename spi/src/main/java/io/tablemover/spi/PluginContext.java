package io.tablemover.spi;

import io.tablemover.spi.hook.RunInfo;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine offers a plugin component when it creates it (see the factories'
 * {@code create} methods). Immutable and thread-safe.
 *
 * @param pluginName the {@link Plugin#name()} of the plugin the factory belongs to
 * @param pluginDirectory the plugin's folder, e.g. {@code /opt/tablemover/plugins/hooks-shell}; a
 *     plugin may read its own files there but must not write there
 * @param log the engine's log for this plugin
 * @param run the run the component is created for, as it starts (phase empty, no progress): its
 *     token, source, tables and every target with its key range ({@link RunInfo#targets()}); how
 *     a throttler learns which shards it protects. Empty when the component is not created for a
 *     move (e.g. a sharding function for {@code verify}, or a test). {@code @since 1.2}
 * @since 1.1
 */
public record PluginContext(String pluginName, Path pluginDirectory, PluginLog log, Optional<RunInfo> run) {
    /**
     * @throws NullPointerException if a component is null
     * @since 1.2
     */
    public PluginContext {
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(pluginDirectory, "pluginDirectory");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(run, "run");
    }

    /**
     * The constructor of SPI 1.1: a context without a run.
     *
     * @throws NullPointerException if a component is null
     */
    public PluginContext(String pluginName, Path pluginDirectory, PluginLog log) {
        this(pluginName, pluginDirectory, log, Optional.empty());
    }
}
