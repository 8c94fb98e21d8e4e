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
}
