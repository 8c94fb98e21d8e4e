package io.tablemover.engine.plugin;

import io.tablemover.spi.SpiVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What was loaded from one plugin, for the start-up log and {@code --help}-style listings. Immutable.
 *
 * @param name the plugin's name, e.g. {@code "hooks-shell"}
 * @param folder its folder, e.g. {@code /opt/tablemover/plugins/hooks-shell}
 * @param spiVersion the SPI version it was built against
 * @param hooks names of the hook factories it offers
 * @param throttlers names of the throttler factories it offers
 * @param shardingFunctions names of the sharding-function factories it offers
 */
public record LoadedPlugin(String name, Path folder, SpiVersion spiVersion, List<String> hooks, List<String> throttlers,
                           List<String> shardingFunctions) {
    /** Copies the lists. */
    public LoadedPlugin {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(spiVersion, "spiVersion");
        hooks = List.copyOf(hooks);
        throttlers = List.copyOf(throttlers);
        shardingFunctions = List.copyOf(shardingFunctions);
    }

    /** @return e.g. {@code "hooks-shell (SPI 1.1, /opt/tablemover/plugins/hooks-shell) hooks [shell]"} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name).append(" (SPI ").append(spiVersion).append(", ").append(folder).append(')');
        if (!hooks.isEmpty()) {
            s.append(" hooks ").append(hooks);
        }
        if (!throttlers.isEmpty()) {
            s.append(" throttlers ").append(throttlers);
        }
        if (!shardingFunctions.isEmpty()) {
            s.append(" sharding functions ").append(shardingFunctions);
        }
        return s.toString();
    }
}
