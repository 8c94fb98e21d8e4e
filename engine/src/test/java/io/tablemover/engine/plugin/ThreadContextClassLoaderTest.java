package io.tablemover.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.spi.hook.DatabaseEndpoint;
import io.tablemover.spi.hook.Hook;
import io.tablemover.spi.hook.HookEvent;
import io.tablemover.spi.hook.HookEventType;
import io.tablemover.spi.hook.HookException;
import io.tablemover.spi.hook.RunInfo;
import io.tablemover.spi.hook.RunProgress;
import io.tablemover.spi.throttle.ThrottleState;
import io.tablemover.spi.throttle.Throttler;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls into a plugin run with the plugin's class loader as the thread's context class loader. */
class ThreadContextClassLoaderTest {
    private static final RunInfo RUN = new RunInfo("r", new DatabaseEndpoint("a", 1, "d"), new DatabaseEndpoint("b", 2, "d"),
            List.of("t"), List.of("_t_del"), "copy", RunProgress.NONE, Optional.empty());
    private static final String CURRENT = "new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR)";

    /**
     * A plugin whose hook and throttler (and their factories, and close) fail unless the context class loader is
     * the plugin's: it must load {@code Marker}, a class only the plugin's jar holds.
     */
    private static final String PLUGIN = """
            package com.example.tccl;

            import io.tablemover.spi.Plugin;
            import io.tablemover.spi.PluginContext;
            import io.tablemover.spi.SpiVersion;
            import io.tablemover.spi.hook.Hook;
            import io.tablemover.spi.hook.HookException;
            import io.tablemover.spi.hook.HookFactory;
            import io.tablemover.spi.throttle.ThrottleState;
            import io.tablemover.spi.throttle.Throttler;
            import io.tablemover.spi.throttle.ThrottlerFactory;
            import java.util.List;
            import java.util.Map;

            public final class TcclPlugin implements Plugin {
                /** @return null if the context class loader is this plugin's, else what is wrong */
                public static String wrongLoader() {
                    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
                    if (tccl != TcclPlugin.class.getClassLoader()) {
                        return "context class loader " + tccl + " is not the plugin's";
                    }
                    try {
                        Class.forName("com.example.tccl.Marker", true, tccl);
                        return null;
                    } catch (ClassNotFoundException e) {
                        return "context class loader " + tccl + " cannot see the plugin: " + e;
                    }
                }

                @Override public String name() { return "tccl"; }
                @Override public SpiVersion spiVersion() { return VERSION; }

                @Override public List<HookFactory> hookFactories() {
                    return List.of(new HookFactory() {
                        @Override public String name() { return "tccl"; }
                        @Override public Hook create(Map<String, String> config, PluginContext context) {
                            if (wrongLoader() != null) {
                                throw new IllegalStateException(wrongLoader());
                            }
                            return new Hook() {
                                @Override public void handle(io.tablemover.spi.hook.HookEvent event) throws HookException {
                                    if (wrongLoader() != null) {
                                        throw new HookException(wrongLoader(), false);
                                    }
                                }
                                @Override public void close() {
                                    if (wrongLoader() != null) {
                                        throw new IllegalStateException(wrongLoader());
                                    }
                                    System.setProperty("tablemover.test.tccl.hook-closed", "true");
                                }
                            };
                        }
                    });
                }

                @Override public List<ThrottlerFactory> throttlerFactories() {
                    return List.of(new ThrottlerFactory() {
                        @Override public String name() { return "tccl"; }
                        @Override public Throttler create(Map<String, String> config, PluginContext context) {
                            if (wrongLoader() != null) {
                                throw new IllegalStateException(wrongLoader());
                            }
                            return new Throttler() {
                                @Override public ThrottleState check() {
                                    String wrong = wrongLoader();
                                    return wrong == null ? ThrottleState.open("tccl") : ThrottleState.throttled("tccl", wrong);
                                }
                                @Override public void close() {
                                    if (wrongLoader() != null) {
                                        throw new IllegalStateException(wrongLoader());
                                    }
                                    System.setProperty("tablemover.test.tccl.throttler-closed", "true");
                                }
                            };
                        }
                    });
                }
            }
            """.replace("VERSION", CURRENT);

    @TempDir
    Path plugins;

    @Test
    void setsTheLoaderAndPutsThePreviousOneBack() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        ClassLoader other = new URLClassLoader(new URL[0], null);
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(other)) {
            assertSame(other, thread.getContextClassLoader());
        }
        assertSame(before, thread.getContextClassLoader());
        assertThrows(IllegalStateException.class, () -> {
            try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(other)) {
                throw new IllegalStateException("boom");
            }
        });
        assertSame(before, thread.getContextClassLoader(), "restored when the block throws");
        assertThrows(NullPointerException.class, () -> new ThreadContextClassLoader(null));
        assertSame(before, thread.getContextClassLoader());
    }

    @Test
    void hooksAndThrottlersSeeTheirPluginsLoader() throws Exception {
        TestPlugins.pluginJar(plugins.resolve("tccl/tccl.jar"), Map.of(
                "com.example.tccl.TcclPlugin", PLUGIN,
                "com.example.tccl.Marker", "package com.example.tccl; public final class Marker {}"),
                "com.example.tccl.TcclPlugin");
        ClassLoader testLoader = Thread.currentThread().getContextClassLoader();
        System.clearProperty("tablemover.test.tccl.hook-closed");
        System.clearProperty("tablemover.test.tccl.throttler-closed");
        try (PluginRegistry registry = PluginLoader.load(plugins)) {
            Hook hook = registry.createHook("tccl", Map.of());
            Throttler throttler = registry.createThrottler("tccl", Map.of());
            ClassLoader pluginLoader = registry.hookLoader("tccl");
            assertSame(pluginLoader, registry.throttlerLoader("tccl"));
            assertNotSame(testLoader, pluginLoader);
            // called directly on the test's thread, the plugin sees the wrong loader: the check is not vacuous
            assertThrows(HookException.class, () -> hook.handle(HookEvent.of(HookEventType.STATUS, RUN)));
            assertTrue(throttler.check().throttled());

            try (HookDispatcher hooks = new HookDispatcher(Map.of("tccl", hook), Map.of("tccl", pluginLoader));
                 ThrottleGate gate = new ThrottleGate(Map.of("tccl", throttler), Map.of("tccl", pluginLoader),
                         Duration.ofMillis(1))) {
                HookOutcome outcome = hooks.fire(HookEvent.of(HookEventType.STATUS, RUN));
                assertEquals(List.of(), outcome.failures());
                assertSame(testLoader, Thread.currentThread().getContextClassLoader(), "restored after the hook");
                assertFalse(gate.state().throttled(), "the throttler saw its plugin's loader");
                assertSame(testLoader, Thread.currentThread().getContextClassLoader(), "restored after the throttler");
            }
            assertEquals("true", System.getProperty("tablemover.test.tccl.hook-closed"), "closed with the plugin's loader");
            assertEquals("true", System.getProperty("tablemover.test.tccl.throttler-closed"), "closed with the plugin's loader");

            // without explicit loaders, each runs with the loader of its class: the plugin's too
            try (HookDispatcher hooks = new HookDispatcher(Map.of("tccl", registry.createHook("tccl", Map.of())));
                 ThrottleGate gate = new ThrottleGate(Map.of("tccl", registry.createThrottler("tccl", Map.of())),
                         Duration.ofMillis(1))) {
                assertTrue(hooks.fire(HookEvent.of(HookEventType.STATUS, RUN)).ok());
                assertFalse(gate.state().throttled());
            }
        } finally {
            System.clearProperty("tablemover.test.tccl.hook-closed");
            System.clearProperty("tablemover.test.tccl.throttler-closed");
        }
    }
}
