package io.tablemover.engine.plugin;

import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.throttle.FlagFileThrottler;
import io.tablemover.spi.hook.Hook;
import io.tablemover.spi.sharding.ShardingFunction;
import io.tablemover.spi.throttle.Throttler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live hooks and throttlers of one move, built from its {@link Extensions}: the plugins are loaded
 * only if a hook or throttle option needs them, then the {@code shell} hook ({@code --hooks-path}), the
 * engine's {@code flag-file} throttler ({@code --throttle-flag-file}) and the {@code http} throttler
 * ({@code --throttle-http}) are created. Owns them: {@link #close()} closes the hooks, the throttlers and
 * the plugins' class loaders.
 *
 * <p>Thread-safe: the dispatcher and the gate are.
 */
public final class RunExtensions implements AutoCloseable {
    /** The hook factory behind {@code --hooks-path} (plugin hooks-shell). */
    public static final String SHELL_HOOK = "shell";
    /** The throttler factory behind {@code --throttle-http} (plugin throttle-http). */
    public static final String HTTP_THROTTLER = "http";

    private final HookDispatcher hooks;
    private final boolean hasHooks;
    private final ThrottleGate gate;
    private final PluginRegistry registry;
    private final Map<String, ShardingFunction> shardingFunctions = new LinkedHashMap<>();

    private RunExtensions(HookDispatcher hooks, boolean hasHooks, ThrottleGate gate, PluginRegistry registry) {
        this.hooks = hooks;
        this.hasHooks = hasHooks;
        this.gate = gate;
        this.registry = registry;
    }

    /**
     * Loads what {@code extensions} asks for, and the sharding functions a resharding move uses.
     *
     * @param vindexes names of the sharding functions to create (each with no settings), e.g. {@code [hash]};
     *     empty for an unsharded move
     * @throws io.tablemover.engine.config.InvalidInputException as {@link #open(Extensions)}, or naming a
     *     sharding function no loaded plugin offers
     */
    public static RunExtensions open(Extensions extensions, java.util.Set<String> vindexes) {
        if (vindexes.isEmpty()) {
            return open(extensions);
        }
        RunExtensions opened = open(extensions, true);
        try {
            for (String v : vindexes) {
                opened.shardingFunctions.put(v, opened.registry.createShardingFunction(v, Map.of()));
            }
        } catch (RuntimeException | Error e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    /** @return the sharding function {@code name} created by {@link #open(Extensions, java.util.Set)}, or null */
    public ShardingFunction shardingFunction(String name) {
        return shardingFunctions.get(name);
    }

    /** @return no hooks, never throttled */
    public static RunExtensions none() {
        return new RunExtensions(HookDispatcher.none(), false, ThrottleGate.none(), PluginRegistry.empty());
    }

    /**
     * Loads what {@code extensions} asks for. Called before any server is contacted.
     *
     * @throws io.tablemover.engine.config.InvalidInputException if the plugins folder cannot be loaded
     *     ({@link PluginLoadException}, one line naming the folder), no plugin offers the needed factory, or
     *     the factory refuses its settings (e.g. a hooks path that is not a folder)
     * @throws IllegalStateException if a factory fails otherwise (a plugin bug)
     */
    public static RunExtensions open(Extensions extensions) {
        return open(extensions, false);
    }

    private static RunExtensions open(Extensions extensions, boolean loadPlugins) {
        if (!loadPlugins && !extensions.needsPlugins() && extensions.throttleFlagFile().isEmpty()) {
            return none();
        }
        PluginRegistry registry = loadPlugins || extensions.needsPlugins()
                ? PluginLoader.loadConfigured(extensions.pluginsDir()) : PluginRegistry.empty();
        Map<String, Hook> hooks = new LinkedHashMap<>();
        Map<String, Throttler> throttlers = new LinkedHashMap<>();
        try {
            if (extensions.hooksPath().isPresent()) {
                hooks.put(SHELL_HOOK, registry.createHook(SHELL_HOOK, Map.of(
                        "hooks-path", extensions.hooksPath().get().toString(),
                        "timeout-seconds", Long.toString(extensions.hooksTimeout().toSeconds()))));
            }
            if (extensions.throttleFlagFile().isPresent()) {
                throttlers.put(FlagFileThrottler.NAME, new FlagFileThrottler(extensions.throttleFlagFile().get()));
            }
            if (extensions.throttleHttpUrl().isPresent()) {
                throttlers.put(HTTP_THROTTLER, registry.createThrottler(HTTP_THROTTLER, Map.of(
                        "url", extensions.throttleHttpUrl().get(),
                        "interval-millis", Long.toString(extensions.throttleHttpInterval().toMillis()),
                        "ignore-http-errors", Boolean.toString(extensions.ignoreHttpErrors()))));
            }
        } catch (RuntimeException | Error e) {
            hooks.values().forEach(RunExtensions::closeQuietly);
            throttlers.values().forEach(RunExtensions::closeQuietly);
            registry.close();
            throw e;
        }
        return new RunExtensions(new HookDispatcher(hooks), !hooks.isEmpty(),
                new ThrottleGate(throttlers, ThrottleGate.DEFAULT_CHECK_INTERVAL), registry);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // start-up failed anyway; that error is the one to report
        }
    }

    /** @return the run's hooks (none: every event succeeds at once) */
    public HookDispatcher hooks() {
        return hooks;
    }

    /** @return true if any hook is configured (the run then fires events and records them) */
    public boolean hasHooks() {
        return hasHooks;
    }

    /** @return the run's throttle gate (none: never throttled) */
    public ThrottleGate gate() {
        return gate;
    }

    /** Closes the hooks, the throttlers, then the plugins' class loaders. */
    @Override
    public void close() {
        hooks.close();
        gate.close();
        registry.close();
    }
}
