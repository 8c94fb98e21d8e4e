package io.tablemover.engine.plugin;

import io.tablemover.engine.command.CommandServer;
import io.tablemover.engine.command.RunControl;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.throttle.FlagFileThrottler;
import io.tablemover.engine.throttle.ReplicaLagThrottler;
import io.tablemover.engine.throttle.SourceLoadThrottler;
import io.tablemover.engine.throttle.UserCommandThrottler;
import io.tablemover.spi.hook.Hook;
import io.tablemover.spi.hook.RunInfo;
import io.tablemover.spi.sharding.ShardingFunction;
import io.tablemover.spi.throttle.Throttler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The live hooks and throttlers of one move, built from its {@link Extensions}: the plugins are loaded
 * only if a hook or throttle option needs them, then the hooks are created in firing order (the {@code shell} hook of
 * {@code --hooks-path}, then each {@code --hook NAME:settings}), and the throttlers in checking order (the engine's
 * {@code flag-file} throttler of {@code --throttle-flag-file}, the {@code http} throttler of {@code --throttle-http},
 * then each {@code --throttler NAME:settings}); any factory of any loaded plugin can be named (Trino-style:
 * factory name → {@code factory.create(settings)}), and each gets the run ({@code PluginContext.run()}). With {@code --serve-socket-file} / {@code --serve-tcp-port} the
 * {@link CommandServer} of the interactive commands and its {@code user command} throttler. The engine's throttlers
 * that ask servers ({@code max-load}/{@code critical-load} on the source, {@code max-lag} on
 * {@code --throttle-control-replicas}) join later, once the run has validated its servers:
 * {@link #startServerThrottlers(Endpoint)}. A resharding move also gets its sharding functions
 * ({@link #open(Extensions, java.util.Set)}). Owns them: {@link #close()} closes the hooks, the throttlers and
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
    private final Extensions extensions;
    private final RunControl control;
    private final Optional<CommandServer> commands;
    private boolean serverThrottlersStarted;

    private RunExtensions(HookDispatcher hooks, boolean hasHooks, ThrottleGate gate, PluginRegistry registry,
                          Extensions extensions, RunControl control, Optional<CommandServer> commands) {
        this.hooks = hooks;
        this.hasHooks = hasHooks;
        this.gate = gate;
        this.registry = registry;
        this.control = control;
        this.commands = commands;
        this.extensions = extensions;
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
        return open(extensions, vindexes, Optional.empty());
    }

    /**
     * As {@link #open(Extensions, java.util.Set)}, handing {@code run} to every hook and throttler factory
     * ({@code PluginContext.run()}: the run's token, source, tables and every target with its key range).
     *
     * @param run the run as it starts; empty when there is none (tests)
     */
    public static RunExtensions open(Extensions extensions, java.util.Set<String> vindexes, Optional<RunInfo> run) {
        if (vindexes.isEmpty()) {
            return open(extensions, false, run);
        }
        RunExtensions opened = open(extensions, true, run);
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

    /** @return no hooks, never throttled, no command channel */
    public static RunExtensions none() {
        return none(Extensions.NONE);
    }

    private static RunExtensions none(Extensions extensions) {
        return new RunExtensions(HookDispatcher.none(), false, ThrottleGate.none(), PluginRegistry.empty(), extensions,
                new RunControl(new UserCommandThrottler()), Optional.empty());
    }

    /**
     * Loads what {@code extensions} asks for. Called before any server is contacted.
     *
     * @throws io.tablemover.engine.config.InvalidInputException if the plugins folder cannot be loaded
     *     ({@link PluginLoadException}, one line naming the folder), no plugin offers the needed factory, or
     *     the factory refuses its settings (e.g. a hooks path that is not a folder)
     * @throws io.tablemover.engine.config.InvalidInputException also if the command socket or port cannot be
     *     served ({@link CommandServer#open}: e.g. another live process serves the socket file)
     * @throws IllegalStateException if a factory fails otherwise (a plugin bug)
     */
    public static RunExtensions open(Extensions extensions) {
        return open(extensions, false, Optional.empty());
    }

    private static RunExtensions open(Extensions extensions, boolean loadPlugins, Optional<RunInfo> run) {
        if (!loadPlugins && !extensions.needsPlugins() && extensions.throttleFlagFile().isEmpty()
                && !extensions.servesCommands()) {
            return none(extensions);
        }
        RunControl control = new RunControl(new UserCommandThrottler());
        PluginRegistry registry = loadPlugins || extensions.needsPlugins()
                ? PluginLoader.loadConfigured(extensions.pluginsDir()) : PluginRegistry.empty();
        Map<String, Hook> hooks = new LinkedHashMap<>();
        Map<String, ClassLoader> hookLoaders = new LinkedHashMap<>();
        Map<String, Throttler> throttlers = new LinkedHashMap<>();
        Map<String, ClassLoader> throttlerLoaders = new LinkedHashMap<>();
        CommandServer server = null;
        try {
            if (extensions.servesCommands()) {
                throttlers.put(UserCommandThrottler.NAME, control.throttler());
            }
            PluginSelections.createHooks(registry, extensions, run, hooks, hookLoaders);
            if (extensions.throttleFlagFile().isPresent()) {
                throttlers.put(FlagFileThrottler.NAME, new FlagFileThrottler(extensions.throttleFlagFile().get()));
            }
            PluginSelections.createThrottlers(registry, extensions, run, throttlers, throttlerLoaders);
            if (extensions.servesCommands()) {
                server = CommandServer.open(extensions.serveSocketFile(), extensions.serveTcpPort(), control);
            }
        } catch (RuntimeException | Error e) {
            hooks.values().forEach(RunExtensions::closeQuietly);
            throttlers.values().forEach(RunExtensions::closeQuietly);
            registry.close();
            throw e;
        }
        return new RunExtensions(new HookDispatcher(hooks, hookLoaders), !hooks.isEmpty(),
                new ThrottleGate(throttlers, throttlerLoaders, ThrottleGate.DEFAULT_CHECK_INTERVAL), registry, extensions, control,
                Optional.ofNullable(server));
    }

    /**
     * Starts the throttlers that ask servers, if configured: {@code --max-load}/{@code --critical-load} on the
     * source ({@link SourceLoadThrottler}) and {@code --throttle-control-replicas} ({@link ReplicaLagThrottler}),
     * each reading once before it joins the gate. Called by the run once its servers are validated, for dry runs
     * too (so that a mistake shows before {@code --execute}); a second call does nothing.
     *
     * @param source the source server; its user and password are used on the replicas too
     * @throws io.tablemover.engine.config.InvalidInputException for an unknown status variable, or a control
     *     replica that cannot be reached or is not a replica (one line naming the option and the value)
     * @throws io.tablemover.engine.error.MoveException (exit code 4) if the source's status cannot be read
     */
    public synchronized void startServerThrottlers(Endpoint source) {
        if (serverThrottlersStarted || !extensions.needsServerThrottlers()) {
            return;
        }
        serverThrottlersStarted = true;
        if (extensions.maxLoad().isPresent() || extensions.criticalLoad().isPresent()) {
            SourceLoadThrottler load = SourceLoadThrottler.start(source, extensions.maxLoad(), extensions.criticalLoad(),
                    extensions.criticalLoadInterval(), extensions.criticalLoadHibernate(),
                    SourceLoadThrottler.DEFAULT_POLL_INTERVAL);
            gate.add(extensions.maxLoad().isPresent() ? SourceLoadThrottler.MAX_LOAD : SourceLoadThrottler.CRITICAL_LOAD, load);
        }
        if (!extensions.throttleControlReplicas().isEmpty()) {
            gate.add(ReplicaLagThrottler.NAME, ReplicaLagThrottler.start(source, extensions.throttleControlReplicas(),
                    extensions.maxLag(), ReplicaLagThrottler.DEFAULT_POLL_INTERVAL));
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // start-up failed anyway; that error is the one to report
        }
    }

    /** @return the loaded plugins (none if the run needs none) */
    PluginRegistry registry() {
        return registry;
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

    /**
     * @return what the interactive commands act on; the run attaches its phase, status and hooks to it (without
     *     a command channel no command ever arrives)
     */
    public RunControl control() {
        return control;
    }

    /** @return the running command server ({@code --serve-socket-file}, {@code --serve-tcp-port}), if any */
    public Optional<CommandServer> commands() {
        return commands;
    }

    /** Stops the command server (removing its socket file), closes the hooks, the throttlers, then the plugins' class loaders. */
    @Override
    public void close() {
        commands.ifPresent(CommandServer::close);
        hooks.close();
        gate.close();
        registry.close();
    }
}
