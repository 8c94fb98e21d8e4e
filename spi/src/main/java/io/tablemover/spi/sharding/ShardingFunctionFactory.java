package io.tablemover.spi.sharding;

import io.tablemover.spi.PluginContext;
import java.util.Map;

/**
 * Creates {@link ShardingFunction}s. Stateless and thread-safe.
 *
 * @since 1.1
 */
public interface ShardingFunctionFactory {
    /**
     * @return the name the operator uses to pick this function, e.g. {@code "hash"}; lower-case
     *     letters, digits and dashes; unique among the sharding-function factories of all loaded
     *     plugins
     */
    String name();

    /**
     * Creates the function for one run, at start-up.
     *
     * @param config the function's settings (the bundled {@code hash} and {@code xxhash} take
     *     none); never null
     * @param context the plugin's folder and log
     * @return a thread-safe function
     * @throws IllegalArgumentException the config is invalid: the message names the key, the value
     *     and what is expected; the engine reports it as invalid input
     */
    ShardingFunction create(Map<String, String> config, PluginContext context);

    /**
     * The settings {@code create} understands, for {@code tablemover plugins} and the operator:
     * key → one line saying what it is, its unit, default and whether it is required, e.g.
     * none for the bundled {@code hash}. Iterated in the order to show (return a {@link java.util.LinkedHashMap} or
     * {@link Map#of} of one entry). Documentation only: the factory still checks its config itself.
     *
     * @return the documented settings; empty by default (nothing documented)
     * @since 1.2
     */
    default Map<String, String> configKeys() {
        return Map.of();
    }
}
