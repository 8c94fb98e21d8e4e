package io.tablemover.spi.throttle;

import io.tablemover.spi.PluginContext;
import java.util.Map;

/**
 * Creates {@link Throttler}s. Stateless and thread-safe.
 *
 * @since 1.1
 */
public interface ThrottlerFactory {
    /**
     * @return the name the operator uses to pick this factory, e.g. {@code "http"}; lower-case
     *     letters, digits and dashes; unique among the throttler factories of all loaded plugins
     */
    String name();

    /**
     * Creates a throttler for one run, at start-up. May block briefly (e.g. one first request),
     * and may start threads, which {@link Throttler#close()} stops.
     *
     * @param config the factory's settings, e.g. {@code {url=http://127.0.0.1:15000/throttler/check,
     *     interval-millis=100}}; never null
     * @param context the plugin's folder and log
     * @return a new throttler, owned by the caller (who closes it)
     * @throws IllegalArgumentException the config is invalid: the message names the key, the value
     *     and what is expected; the engine reports it as invalid input
     */
    Throttler create(Map<String, String> config, PluginContext context);
}
