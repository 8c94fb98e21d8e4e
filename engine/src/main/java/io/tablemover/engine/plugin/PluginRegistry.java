package io.tablemover.engine.plugin;

import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.spi.PluginContext;
import io.tablemover.spi.hook.Hook;
import io.tablemover.spi.hook.HookFactory;
import io.tablemover.spi.hook.RunInfo;
import io.tablemover.spi.sharding.ShardingFunction;
import io.tablemover.spi.sharding.ShardingFunctionFactory;
import io.tablemover.spi.throttle.Throttler;
import io.tablemover.spi.throttle.ThrottlerFactory;
import java.io.IOException;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The loaded plugins' factories by name, one namespace per kind (hooks, throttlers, sharding
 * functions), and the way to create components from them. Built by {@link PluginLoader}.
 *
 * <p>Immutable and thread-safe. {@link #close()} closes the plugins' class loaders (their jar
 * files); call it only when no component created here is used any more (normally: never, the
 * loaders live as long as the JVM; tests close).
 */
public final class PluginRegistry implements AutoCloseable {
    /** A factory and the plugin it came from. */
    record Entry<F>(F factory, LoadedPlugin plugin, ClassLoader loader) {}

    private final List<LoadedPlugin> plugins;
    private final Map<String, Entry<HookFactory>> hooks;
    private final Map<String, Entry<ThrottlerFactory>> throttlers;
    private final Map<String, Entry<ShardingFunctionFactory>> shardingFunctions;
    private final List<URLClassLoader> loaders;

    PluginRegistry(List<LoadedPlugin> plugins, Map<String, Entry<HookFactory>> hooks,
                   Map<String, Entry<ThrottlerFactory>> throttlers,
                   Map<String, Entry<ShardingFunctionFactory>> shardingFunctions, List<URLClassLoader> loaders) {
        this.plugins = List.copyOf(plugins);
        this.hooks = Map.copyOf(hooks);
        this.throttlers = Map.copyOf(throttlers);
        this.shardingFunctions = Map.copyOf(shardingFunctions);
        this.loaders = List.copyOf(loaders);
    }

    /** @return a registry without plugins (e.g. no plugins folder) */
    public static PluginRegistry empty() {
        return new PluginRegistry(List.of(), Map.of(), Map.of(), Map.of(), List.of());
    }

    /** @return the loaded plugins, in folder-name order */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    /** @return names of the available hook factories, sorted, e.g. {@code [shell]} */
    public List<String> hookNames() {
        return sorted(hooks);
    }

    /** @return names of the available throttler factories, sorted, e.g. {@code [http]} */
    public List<String> throttlerNames() {
        return sorted(throttlers);
    }

    /** @return names of the available sharding functions, sorted, e.g. {@code [hash, xxhash]} */
    public List<String> shardingFunctionNames() {
        return sorted(shardingFunctions);
    }

    private static List<String> sorted(Map<String, ?> factories) {
        return List.copyOf(new TreeMap<>(factories).keySet());
    }

    /**
     * Creates a hook, e.g. {@code createHook("shell", Map.of("hooks-path", dir, "timeout-seconds", "60"))}.
     * The plugin's class loader is the thread's context class loader during the factory call.
     *
     * @param name the factory's name
     * @param config the factory's settings
     * @return a new hook, owned by the caller
     * @throws InvalidInputException if no plugin offers {@code name} (the message lists the
     *     available names) or the factory refuses {@code config} (its message, prefixed with the
     *     factory and plugin name)
     * @throws IllegalStateException if the factory fails otherwise (a plugin bug)
     */
    public Hook createHook(String name, Map<String, String> config) {
        return createHook(name, config, Optional.empty());
    }

    /**
     * As {@link #createHook(String, Map)}, for a run: the factory finds it in {@link PluginContext#run()}.
     *
     * @param run the run the hook is created for, as it starts; empty outside a move
     */
    public Hook createHook(String name, Map<String, String> config, Optional<RunInfo> run) {
        return create("hook", hooks, name, config, run, HookFactory::create);
    }

    /**
     * Creates a throttler, e.g. {@code createThrottler("http", Map.of("url", url))}; see
     * {@link #createHook} for the rules.
     *
     * @return a new throttler, owned by the caller (who closes it)
     */
    public Throttler createThrottler(String name, Map<String, String> config) {
        return createThrottler(name, config, Optional.empty());
    }

    /**
     * As {@link #createThrottler(String, Map)}, for a run: the factory finds it (every target with its key range) in
     * {@link PluginContext#run()}.
     *
     * @param run the run the throttler is created for, as it starts; empty outside a move
     */
    public Throttler createThrottler(String name, Map<String, String> config, Optional<RunInfo> run) {
        return create("throttler", throttlers, name, config, run, ThrottlerFactory::create);
    }

    /**
     * Creates a sharding function, e.g. {@code createShardingFunction("hash", Map.of())}; see
     * {@link #createHook} for the rules.
     *
     * @return a thread-safe function
     */
    public ShardingFunction createShardingFunction(String name, Map<String, String> config) {
        return create("sharding function", shardingFunctions, name, config, Optional.empty(),
                ShardingFunctionFactory::create);
    }

    /**
     * @return the class loader of the plugin that offers the hook factory {@code name}: the context class loader
     *     for calls into the hooks it creates ({@link HookDispatcher})
     * @throws InvalidInputException if no plugin offers {@code name}
     */
    public ClassLoader hookLoader(String name) {
        return entry("hook", hooks, name).loader();
    }

    /**
     * @return the class loader of the plugin that offers the throttler factory {@code name}: the context class
     *     loader for calls into the throttlers it creates ({@link ThrottleGate})
     * @throws InvalidInputException if no plugin offers {@code name}
     */
    public ClassLoader throttlerLoader(String name) {
        return entry("throttler", throttlers, name).loader();
    }

    private interface Creator<F, T> {
        T create(F factory, Map<String, String> config, PluginContext context);
    }

    private static <F, T> T create(String kind, Map<String, Entry<F>> factories, String name, Map<String, String> config,
                                   Optional<RunInfo> run, Creator<F, T> creator) {
        Entry<F> e = entry(kind, factories, name);
        LoadedPlugin p = e.plugin();
        PluginContext context = new PluginContext(p.name(), p.folder(), new Slf4jPluginLog(p.name()), run);
        T created;
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(e.loader())) {
            created = creator.create(e.factory(), Map.copyOf(config), context);
        } catch (IllegalArgumentException ex) {
            throw new InvalidInputException(kind + " '" + name + "' (plugin " + p.name() + "): " + ex.getMessage());
        } catch (RuntimeException | LinkageError ex) {
            throw new IllegalStateException(kind + " '" + name + "' of plugin " + p.name() + " (" + p.folder()
                    + ") failed to start: " + ex, ex);
        }
        if (created == null) {
            throw new IllegalStateException(kind + " '" + name + "' of plugin " + p.name() + " (" + p.folder()
                    + ") returned null from create()");
        }
        return created;
    }

    private static <F> Entry<F> entry(String kind, Map<String, Entry<F>> factories, String name) {
        Objects.requireNonNull(name, "name");
        Entry<F> e = factories.get(name);
        if (e == null) {
            throw new InvalidInputException("no " + kind + " named '" + name + "'; available: "
                    + (factories.isEmpty() ? "none (no loaded plugin offers a " + kind + "; check the plugins folder)"
                    : String.join(", ", sorted(factories))));
        }
        return e;
    }

    /**
     * One factory of a loaded plugin, as {@code tablemover plugins} lists it.
     *
     * @param kind {@code hook}, {@code throttler} or {@code sharding}
     * @param name the factory's name
     * @param configKeys the settings it documents (key → description, in its order); empty if it documents none
     */
    public record FactoryInfo(String kind, String name, Map<String, String> configKeys) {}

    /**
     * The factories {@code plugin} offers, hooks first, then throttlers, then sharding functions, each kind in the
     * plugin's order, with the settings each documents ({@code configKeys()}, asked with the plugin's class loader
     * as context class loader; one that fails is shown as a single key {@code "?"} with the error).
     *
     * @param plugin one of {@link #plugins()}
     * @return its factories
     */
    public List<FactoryInfo> factories(LoadedPlugin plugin) {
        List<FactoryInfo> infos = new ArrayList<>();
        describe(infos, "hook", plugin.hooks(), hooks, HookFactory::configKeys);
        describe(infos, "throttler", plugin.throttlers(), throttlers, ThrottlerFactory::configKeys);
        describe(infos, "sharding", plugin.shardingFunctions(), shardingFunctions, ShardingFunctionFactory::configKeys);
        return infos;
    }

    private static <F> void describe(List<FactoryInfo> into, String kind, List<String> names,
                                     Map<String, Entry<F>> factories, Function<F, Map<String, String>> keys) {
        for (String n : names) {
            Entry<F> e = factories.get(n);
            Map<String, String> documented;
            try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(e.loader())) {
                Map<String, String> k = keys.apply(e.factory());
                documented = k == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(k));
            } catch (RuntimeException | LinkageError ex) {
                documented = Map.of("?", "configKeys() failed (a plugin bug): " + ex);
            }
            into.add(new FactoryInfo(kind, n, documented));
        }
    }

    /** Closes the plugins' class loaders; components created from them may fail afterwards. */
    @Override
    public void close() {
        for (URLClassLoader l : loaders) {
            try {
                l.close();
            } catch (IOException ignored) {
                // nothing to do at shutdown
            }
        }
    }

    /** @return one line per plugin */
    @Override
    public String toString() {
        return plugins.isEmpty() ? "no plugins" : plugins.toString();
    }
}
