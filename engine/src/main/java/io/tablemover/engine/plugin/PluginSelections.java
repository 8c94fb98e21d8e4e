package io.tablemover.engine.plugin;

import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.PluginSelection;
import io.tablemover.engine.throttle.ReplicaLagThrottler;
import io.tablemover.engine.throttle.SourceLoadThrottler;
import io.tablemover.spi.hook.Hook;
import io.tablemover.spi.hook.RunInfo;
import io.tablemover.spi.throttle.Throttler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hooks and plugin throttlers a move selects, created from the loaded plugins for {@link RunExtensions}: the
 * shorthands first ({@code --hooks-path} is {@code shell:hooks-path=DIR,timeout-seconds=S}, {@code --throttle-http}
 * is {@code http:url=URL,interval-millis=N,ignore-http-errors=B}), then {@code hook}/{@code throttler} of
 * {@code --config} and {@code --hook}/{@code --throttler}, in that order ({@link Extensions#hooks()},
 * {@link Extensions#throttlers()}). Any factory of any loaded plugin can be named (Trino-style: factory name →
 * {@code factory.create(settings)}). Stateless.
 */
final class PluginSelections {
    private PluginSelections() {}

    /**
     * @return the hooks to create, in firing order: {@code shell} for {@code --hooks-path}, then every {@code --hook}
     */
    static List<PluginSelection> hookSelections(Extensions extensions) {
        List<PluginSelection> s = new ArrayList<>();
        extensions.hooksPath().ifPresent(p -> s.add(new PluginSelection(RunExtensions.SHELL_HOOK, Map.of(
                "hooks-path", p.toString(),
                "timeout-seconds", Long.toString(extensions.hooksTimeout().toSeconds())))));
        s.addAll(extensions.hooks());
        return s;
    }

    /**
     * @return the plugin throttlers to create, in checking order: {@code http} for {@code --throttle-http}, then every
     *     {@code --throttler}
     */
    static List<PluginSelection> throttlerSelections(Extensions extensions) {
        List<PluginSelection> s = new ArrayList<>();
        extensions.throttleHttpUrl().ifPresent(u -> s.add(new PluginSelection(RunExtensions.HTTP_THROTTLER, Map.of(
                "url", u,
                "interval-millis", Long.toString(extensions.throttleHttpInterval().toMillis()),
                "ignore-http-errors", Boolean.toString(extensions.ignoreHttpErrors())))));
        s.addAll(extensions.throttlers());
        return s;
    }

    /** Names of the engine's throttlers that join after the plugins' ({@link RunExtensions#startServerThrottlers}). */
    private static final java.util.Set<String> LATER_THROTTLERS = java.util.Set.of(SourceLoadThrottler.MAX_LOAD,
            SourceLoadThrottler.CRITICAL_LOAD, ReplicaLagThrottler.NAME);

    /**
     * @return {@code name}, or {@code name#2}, {@code name#3}... if the run already has a component of that name (or,
     *     for throttlers, one of the engine's throttlers that join later has it)
     */
    private static String unique(Map<String, ?> taken, String name) {
        String n = name;
        for (int i = 2; taken.containsKey(n) || LATER_THROTTLERS.contains(n); i++) {
            n = name + "#" + i;
        }
        return n;
    }

    /** @return {@code --hook NAME: } for messages about a selection (the shorthands name their own options) */
    private static String option(String kind, PluginSelection s, Extensions extensions) {
        boolean shorthand = kind.equals("hook") ? !extensions.hooks().contains(s) : !extensions.throttlers().contains(s);
        return shorthand ? "" : "--" + kind + " " + s.name() + ": ";
    }

    /**
     * Creates the selected hooks into {@code hooks} (by display name, in firing order) and their plugins' class
     * loaders into {@code loaders}.
     *
     * @throws InvalidInputException one line: an unknown factory name (listing the available ones), or settings the
     *     factory refuses (naming the plugin and, in the factory's words, the key)
     */
    static void createHooks(PluginRegistry registry, Extensions extensions, Optional<RunInfo> run, Map<String, Hook> hooks,
                            Map<String, ClassLoader> loaders) {
        for (PluginSelection h : hookSelections(extensions)) {
            String name = unique(hooks, h.name());
            try {
                hooks.put(name, registry.createHook(h.name(), h.config(), run));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(option("hook", h, extensions) + e.getMessage());
            }
            loaders.put(name, registry.hookLoader(h.name()));
        }
    }

    /**
     * Creates the selected plugin throttlers into {@code throttlers} (after those already in it, in checking order)
     * and their plugins' class loaders into {@code loaders}.
     *
     * @throws InvalidInputException as {@link #createHooks}
     */
    static void createThrottlers(PluginRegistry registry, Extensions extensions, Optional<RunInfo> run,
                                 Map<String, Throttler> throttlers, Map<String, ClassLoader> loaders) {
        for (PluginSelection t : throttlerSelections(extensions)) {
            String name = unique(throttlers, t.name());
            try {
                throttlers.put(name, registry.createThrottler(t.name(), t.config(), run));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(option("throttler", t, extensions) + e.getMessage());
            }
            loaders.put(name, registry.throttlerLoader(t.name()));
        }
    }
}
