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

    /**
     * The settings {@code create} understands, for {@code tablemover plugins} and the operator:
     * key → one line saying what it is, its unit, default and whether it is required, e.g.
     * {@code url} → {@code "URL to GET; anything but 200 throttles (required)"}. Iterated in the order to show (return a {@link java.util.LinkedHashMap} or
     * {@link Map#of} of one entry). Documentation only: the factory still checks its config itself.
     *
     * @return the documented settings; empty by default (nothing documented)
     * @since 1.2
     */
    default Map<String, String> configKeys() {
        return Map.of();
    }
}
