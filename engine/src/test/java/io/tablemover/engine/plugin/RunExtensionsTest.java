package io.tablemover.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.PluginSelection;
import io.tablemover.engine.config.Shard;
import io.tablemover.engine.step.RunHooks;
import io.tablemover.engine.step.RunInfos;
import io.tablemover.spi.SpiVersion;
import io.tablemover.spi.hook.HookEvent;
import io.tablemover.spi.hook.HookEventType;
import io.tablemover.spi.hook.RunInfo;
import io.tablemover.spi.sharding.KeyRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --hook NAME:settings} and {@code --throttler NAME:settings} select any factory of any loaded plugin (not only
 * {@code shell} and {@code http}), and the factories get the run with every target ({@code PluginContext.run()}).
 * The plugins are compiled at test time against the SPI alone.
 */
class RunExtensionsTest {
    @TempDir
    Path dir;

    /** A plugin "probe" of SPI 1.2: hook "recorder" (appends each event to its file), throttler "shards". */
    private static final String PROBE_PLUGIN = """
            package com.example.probe;

            import io.tablemover.spi.Plugin;
            import io.tablemover.spi.SpiVersion;
            import io.tablemover.spi.hook.HookFactory;
            import io.tablemover.spi.throttle.ThrottlerFactory;
            import java.util.List;

            public final class ProbePlugin implements Plugin {
                @Override public String name() { return "probe"; }
                @Override public SpiVersion spiVersion() { return new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR); }
                @Override public List<HookFactory> hookFactories() { return List.of(new Recorder()); }
                @Override public List<ThrottlerFactory> throttlerFactories() { return List.of(new Shards()); }
            }
            """;
    private static final String RECORDER = """
            package com.example.probe;

            import io.tablemover.spi.PluginContext;
            import io.tablemover.spi.hook.Hook;
            import io.tablemover.spi.hook.HookFactory;
            import java.io.IOException;
            import java.io.UncheckedIOException;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;
            import java.util.Map;

            public final class Recorder implements HookFactory {
                @Override public String name() { return "recorder"; }
                @Override public Map<String, String> configKeys() { return Map.of("file", "where events go (required)"); }
                @Override public Hook create(Map<String, String> config, PluginContext context) {
                    if (!config.containsKey("file")) {
                        throw new IllegalArgumentException("file is required: the file the events are appended to");
                    }
                    Path file = Path.of(config.get("file"));
                    return event -> {
                        try {
                            Files.writeString(file, event.type() + " " + event.run().targets() + "\\n",
                                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    };
                }
            }
            """;
    private static final String SHARDS = """
            package com.example.probe;

            import io.tablemover.spi.PluginContext;
            import io.tablemover.spi.throttle.ThrottleState;
            import io.tablemover.spi.throttle.Throttler;
            import io.tablemover.spi.throttle.ThrottlerFactory;
            import java.util.Map;

            /** Always throttles, naming the run's targets it got at creation. */
            public final class Shards implements ThrottlerFactory {
                @Override public String name() { return "shards"; }
                @Override public Throttler create(Map<String, String> config, PluginContext context) {
                    String targets = context.run().map(r -> r.targets().toString()).orElse("no run");
                    return () -> ThrottleState.throttled("shards", targets + " " + config);
                }
            }
            """;

    private Path probe() throws Exception {
        Path plugins = dir.resolve("plugins");
        TestPlugins.pluginJar(plugins.resolve("probe/probe.jar"), Map.of("com.example.probe.ProbePlugin", PROBE_PLUGIN,
                "com.example.probe.Recorder", RECORDER, "com.example.probe.Shards", SHARDS), "com.example.probe.ProbePlugin");
        return plugins;
    }

    private static Extensions selecting(Path plugins, List<PluginSelection> hooks, List<PluginSelection> throttlers) {
        return new Extensions(Optional.of(plugins), Optional.empty(), Extensions.DEFAULT_HOOKS_TIMEOUT,
                Extensions.DEFAULT_HOOKS_STATUS_INTERVAL, Optional.empty(), Extensions.DEFAULT_THROTTLE_HTTP_INTERVAL,
                false, Optional.empty(), Optional.empty(), Optional.empty(), Duration.ZERO, Duration.ZERO, List.of(),
                Extensions.DEFAULT_MAX_LAG, Optional.empty(), OptionalInt.empty(), hooks, throttlers);
    }

    private static RunInfo twoShardRun() {
        Endpoint source = Endpoint.parse("--source", "jdbc:mysql://src:3306/app", "u", "");
        List<Shard> shards = List.of(
                new Shard(Endpoint.parse("--target", "jdbc:mysql://t1:3306/app", "u", ""), KeyRange.parse("-80")),
                new Shard(Endpoint.parse("--target", "jdbc:mysql://t2:3307/app", "u", ""), KeyRange.parse("80-")));
        return RunInfos.of("tok", source, shards, List.of("t"), List.of("_t_del"));
    }

    @Test
    void anyLoadedFactoryIsSelectedByNameWithItsSettingsAndSeesEveryTarget() throws Exception {
        Path plugins = probe();
        Path events = dir.resolve("events.txt");
        RunInfo run = twoShardRun();
        Extensions ext = selecting(plugins, List.of(PluginSelection.parse("--hook", "recorder:file=" + events)),
                List.of(PluginSelection.parse("--throttler", "shards:why=test")));
        assertTrue(ext.needsPlugins());
        try (RunExtensions opened = RunExtensions.open(ext, Set.of(), Optional.of(run))) {
            assertTrue(opened.hasHooks());
            assertEquals("throttled by shards: [t1:3306/app@-80, t2:3307/app@80-] {why=test}",
                    opened.gate().state().toString());
            assertTrue(opened.hooks().fire(HookEvent.of(HookEventType.STARTUP, run)).ok());
            assertTrue(opened.hooks().fire(HookEvent.of(HookEventType.VALIDATED, run.withPhase("validate"))).ok());
        }
        assertEquals(List.of("startup [t1:3306/app@-80, t2:3307/app@80-]", "validated [t1:3306/app@-80, t2:3307/app@80-]"),
                Files.readAllLines(events));
    }

    @Test
    void theSameFactoryTwiceGivesTwoComponents() throws Exception {
        Path plugins = probe();
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Extensions ext = selecting(plugins, List.of(PluginSelection.parse("--hook", "recorder:file=" + a),
                PluginSelection.parse("--hook", "recorder:file=" + b)), List.of());
        RunInfo run = twoShardRun();
        try (RunExtensions opened = RunExtensions.open(ext, Set.of(), Optional.of(run))) {
            opened.hooks().fire(HookEvent.of(HookEventType.STARTUP, run));
        }
        assertTrue(Files.exists(a) && Files.exists(b));
    }

    @Test
    void anUnknownNameIsOneLineListingTheAvailableOnes() throws Exception {
        Path plugins = probe();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RunExtensions.open(
                selecting(plugins, List.of(PluginSelection.parse("--hook", "nosuch:x=1")), List.of())));
        assertEquals("--hook nosuch: no hook named 'nosuch'; available: recorder", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> RunExtensions.open(
                selecting(plugins, List.of(), List.of(PluginSelection.parse("--throttler", "recorder")))));
        assertEquals("--throttler recorder: no throttler named 'recorder'; available: shards", e.getMessage());
        assertEquals(2, e.exitCode().code());
    }

    @Test
    void settingsTheFactoryRefusesAreOneLineNamingPluginAndKey() throws Exception {
        Path plugins = probe();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RunExtensions.open(
                selecting(plugins, List.of(PluginSelection.parse("--hook", "recorder")), List.of())));
        assertEquals("--hook recorder: hook 'recorder' (plugin probe): file is required: the file the events are"
                + " appended to", e.getMessage());
    }

    @Test
    void aPluginBuiltForSpi11LoadsOnThisEngineAndIsSelectable() throws Exception {
        Path plugins = dir.resolve("plugins");
        TestPlugins.pluginJar(plugins.resolve("old/old.jar"),
                TestPlugins.plugin("com.example.old", "old", "new SpiVersion(1, 1)", "old-flag"), "com.example.old.TestPlugin");
        Path flag = dir.resolve("pause");
        Extensions ext = selecting(plugins, List.of(), List.of(PluginSelection.parse("--throttler", "old-flag:path=" + flag)));
        try (RunExtensions opened = RunExtensions.open(ext, Set.of(), Optional.of(twoShardRun()))) {
            assertEquals(new SpiVersion(1, 1), opened.registry().plugins().get(0).spiVersion());
            assertFalse(opened.gate().state().throttled());
        }
        try (PluginRegistry r = PluginLoader.load(plugins)) {
            assertEquals(List.of(new PluginRegistry.FactoryInfo("throttler", "old-flag", Map.of())),
                    r.factories(r.plugins().get(0)), "a 1.1 factory documents no settings (the default)");
        }
    }

    @Test
    void factoriesListTheirDocumentedSettings() throws Exception {
        try (PluginRegistry r = PluginLoader.load(probe())) {
            assertEquals(List.of(new PluginRegistry.FactoryInfo("hook", "recorder", Map.of("file", "where events go (required)")),
                    new PluginRegistry.FactoryInfo("throttler", "shards", Map.of())), r.factories(r.plugins().get(0)));
        }
    }
}
