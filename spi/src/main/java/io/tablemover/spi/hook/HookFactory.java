package io.tablemover.spi.hook;

import io.tablemover.spi.PluginContext;
import java.util.Map;

/**
 * Creates {@link Hook}s. Stateless and thread-safe.
 *
 * @since 1.1
 */
public interface HookFactory {
    /**
     * @return the name the operator uses to pick this factory, e.g. {@code "shell"}; lower-case
     *     letters, digits and dashes; unique among the hook factories of all loaded plugins
     */
    String name();

    /**
     * Creates a hook for one run. Called once per run at start-up, before the
     * {@link HookEventType#STARTUP} event.
     *
     * @param config the factory's settings, e.g. {@code {hooks-path=/etc/tablemover/hooks,
     *     timeout-seconds=60}}; keys and values as documented by the plugin; never null
     * @param context the plugin's folder and log
     * @return a new hook, owned by the caller (who closes it)
     * @throws IllegalArgumentException the config is invalid: the message names the key, the value
     *     and what is expected; the engine reports it as invalid input
     */
    Hook create(Map<String, String> config, PluginContext context);

    /**
     * The settings {@code create} understands, for {@code tablemover plugins} and the operator:
     * key → one line saying what it is, its unit, default and whether it is required, e.g.
     * {@code hooks-path} → {@code "folder of the tablemover-on-<event> executables (required)"}. Iterated in the order to show (return a {@link java.util.LinkedHashMap} or
     * {@link Map#of} of one entry). Documentation only: the factory still checks its config itself.
     *
     * @return the documented settings; empty by default (nothing documented)
     * @since 1.2
     */
    default Map<String, String> configKeys() {
        return Map.of();
    }
}
