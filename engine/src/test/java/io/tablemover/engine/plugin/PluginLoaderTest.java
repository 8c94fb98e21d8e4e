package io.tablemover.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.spi.Plugin;
import io.tablemover.spi.SpiVersion;
import io.tablemover.spi.throttle.ThrottleState;
import io.tablemover.spi.throttle.Throttler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's rules, with plugins compiled at test time against the SPI jar alone. */
class PluginLoaderTest {
    private static final String CURRENT = "new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR)";

    @TempDir
    Path plugins;

    private Path folder(String name) throws IOException {
        return Files.createDirectories(plugins.resolve(name));
    }

    private void plugin(String folder, String pkg, String name, String version, String... throttlers) throws IOException {
        TestPlugins.pluginJar(folder(folder).resolve(name + ".jar"), TestPlugins.plugin(pkg, name, version, throttlers),
                pkg + ".TestPlugin");
    }

    private String failure() {
        return assertThrows(PluginLoadException.class, () -> PluginLoader.load(plugins)).getMessage();
    }

    @Test
    void aThirdPartyPluginBuiltAgainstTheSpiAloneIsFoundAndUsed() throws Exception {
        plugin("flag", "com.example.flag", "flag", CURRENT, "flag-file");
        Files.writeString(plugins.resolve("README.txt"), "not a plugin");
        Files.createDirectories(plugins.resolve(".cache"));

        try (PluginRegistry registry = PluginLoader.load(plugins)) {
            assertEquals(List.of("flag"), registry.plugins().stream().map(LoadedPlugin::name).toList());
            LoadedPlugin p = registry.plugins().get(0);
            assertEquals(plugins.resolve("flag"), p.folder());
            assertEquals(SpiVersion.CURRENT, p.spiVersion());
            assertEquals(List.of("flag-file"), registry.throttlerNames());
            assertEquals(List.of(), registry.hookNames());

            Path flag = plugins.resolve("pause");
            Throttler throttler = registry.createThrottler("flag-file", Map.of("path", flag.toString()));
            try (ThrottleGate gate = new ThrottleGate(Map.of("flag-file", throttler), Duration.ofMillis(1))) {
                assertFalse(gate.state().throttled());
                Files.createFile(flag);
                Thread.sleep(5);
                assertEquals(ThrottleState.throttled("flag-file", "flag file " + flag + " exists"), gate.state());
            }

            // isolation: the plugin shares the SPI classes with the engine, and sees nothing else of it
            ClassLoader pluginLoader = throttler.getClass().getClassLoader();
            assertNotSame(getClass().getClassLoader(), pluginLoader);
            assertSame(Plugin.class, Class.forName("io.tablemover.spi.Plugin", false, pluginLoader));
            assertThrows(ClassNotFoundException.class, () -> Class.forName("org.slf4j.Logger", false, pluginLoader));
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName(PluginLoader.class.getName(), false, pluginLoader));
            assertEquals(String.class, Class.forName("java.lang.String", false, pluginLoader));
            assertEquals(null, pluginLoader.getResource("logback.xml"));
        }
    }

    @Test
    void lookupsAndSettingsErrorsAreInvalidInputListingTheNames() throws Exception {
        plugin("flag", "com.example.flag", "flag", CURRENT, "flag-file", "other-flag");
        try (PluginRegistry registry = PluginLoader.load(plugins)) {
            assertEquals("no throttler named 'nope'; available: flag-file, other-flag",
                    assertThrows(InvalidInputException.class, () -> registry.createThrottler("nope", Map.of()))
                            .getMessage());
            assertEquals("no hook named 'shell'; available: none (no loaded plugin offers a hook; check the plugins"
                            + " folder)",
                    assertThrows(InvalidInputException.class, () -> registry.createHook("shell", Map.of())).getMessage());
            assertEquals("throttler 'flag-file' (plugin flag): path is required",
                    assertThrows(InvalidInputException.class, () -> registry.createThrottler("flag-file", Map.of()))
                            .getMessage());
        }
    }

    @Test
    void anEmptyPluginsFolderGivesNoPlugins() throws Exception {
        try (PluginRegistry registry = PluginLoader.load(plugins)) {
            assertEquals(List.of(), registry.plugins());
        }
    }

    @Test
    void aMissingPluginsFolderIsAnError() {
        Path missing = plugins.resolve("nope");
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginLoader.load(missing));
        assertEquals("plugins folder " + missing + " does not exist or is not a folder; pass --plugins-dir with the"
                + " folder that holds one sub-folder per plugin", e.getMessage());
        assertThrows(PluginLoadException.class, () -> PluginLoader.loadConfigured(Optional.of(missing)));
    }

    @Test
    void theDefaultFolderIsUnderTablemoverHome() throws Exception {
        String before = System.getProperty(PluginLoader.HOME_PROPERTY);
        try {
            System.clearProperty(PluginLoader.HOME_PROPERTY);
            assertEquals(Optional.empty(), PluginLoader.defaultPluginsDir());
            assertEquals(List.of(), PluginLoader.loadConfigured(Optional.empty()).plugins());

            Path home = plugins.resolve("home");
            System.setProperty(PluginLoader.HOME_PROPERTY, home.toString());
            assertEquals(Optional.of(home.resolve("plugins")), PluginLoader.defaultPluginsDir());
            assertEquals(List.of(), PluginLoader.loadConfigured(Optional.empty()).plugins(), "no plugins/ in home");
            Path pluginsDir = Files.createDirectories(home.resolve("plugins"));
            TestPlugins.pluginJar(pluginsDir.resolve("flag/flag.jar"),
                    TestPlugins.plugin("com.example.flag", "flag", CURRENT, "flag-file"), "com.example.flag.TestPlugin");
            try (PluginRegistry r = PluginLoader.loadConfigured(Optional.empty())) {
                assertEquals(List.of("flag-file"), r.throttlerNames());
            }
        } finally {
            if (before == null) {
                System.clearProperty(PluginLoader.HOME_PROPERTY);
            } else {
                System.setProperty(PluginLoader.HOME_PROPERTY, before);
            }
        }
    }

    @Test
    void anEmptyFolderHasNoProvider() throws Exception {
        folder("empty");
        assertEquals("plugin folder " + plugins.resolve("empty") + ": no .jar file in it; a plugin folder holds the"
                + " plugin's jar and the jars it needs (remove the folder if it is not a plugin)", failure());
    }

    @Test
    void aJarWithoutServicesFileHasNoProvider() throws Exception {
        TestPlugins.pluginJar(folder("lib-only").resolve("lib.jar"),
                TestPlugins.plugin("com.example.lib", "lib", CURRENT), null);
        assertEquals("plugin folder " + plugins.resolve("lib-only") + ": no jar declares a plugin (lib.jar); the"
                + " plugin's jar needs META-INF/services/io.tablemover.spi.Plugin naming its Plugin class", failure());
    }

    @Test
    void aJarCarryingTheSpiIsAClassClash() throws Exception {
        plugin("clash", "com.example.clash", "clash", CURRENT);
        byte[] pluginClass;
        try (InputStream in = Plugin.class.getResourceAsStream("Plugin.class")) {
            pluginClass = in.readAllBytes();
        }
        TestPlugins.jar(plugins.resolve("clash/tablemover-spi-0.1.0.jar"),
                Map.of("io/tablemover/spi/Plugin.class", pluginClass));
        String m = failure();
        assertTrue(m.startsWith("plugin folder " + plugins.resolve("clash") + ": tablemover-spi-0.1.0.jar contains"
                + " io/tablemover/spi/Plugin.class: a plugin must not bundle the SPI"), m);
    }

    @Test
    void anotherSpiMajorIsRefused() throws Exception {
        plugin("future", "com.example.future", "future", "new SpiVersion(2, 0)");
        assertEquals("plugin folder " + plugins.resolve("future") + ": plugin 'future' was built for SPI 2.0, this"
                + " tablemover has SPI " + SpiVersion.CURRENT + " (another major version is incompatible); use a build"
                + " of the plugin for SPI 1.x", failure());
    }

    @Test
    void aNewerSpiMinorIsRefusedAndAnOlderOneLoaded() throws Exception {
        plugin("newer", "com.example.newer", "newer", "new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR + 1)");
        String m = failure();
        assertTrue(m.startsWith("plugin folder " + plugins.resolve("newer") + ": plugin 'newer' was built for SPI 1."
                + (SpiVersion.MINOR + 1) + ", newer than this tablemover's SPI"), m);

        Files.walk(plugins.resolve("newer")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        plugin("older", "com.example.older", "older", "new SpiVersion(1, 0)", "old-flag");
        try (PluginRegistry r = PluginLoader.load(plugins)) {
            assertEquals(new SpiVersion(1, 0), r.plugins().get(0).spiVersion());
        }
    }

    @Test
    void aProviderThatCannotBeLoadedIsReported() throws Exception {
        TestPlugins.pluginJar(folder("typo").resolve("typo.jar"), TestPlugins.plugin("com.example.typo", "typo", CURRENT),
                "com.example.typo.TestPlugn");
        String m = failure();
        assertTrue(m.startsWith("plugin folder " + plugins.resolve("typo") + ": cannot load its plugin:"
                + " io.tablemover.spi.Plugin: Provider com.example.typo.TestPlugn not found; check"
                + " META-INF/services/io.tablemover.spi.Plugin"), m);
    }

    @Test
    void aProviderThatThrowsIsReported() throws Exception {
        Map<String, String> sources = Map.of("com.example.bad.BadPlugin", """
                package com.example.bad;
                public final class BadPlugin implements io.tablemover.spi.Plugin {
                    public BadPlugin() { throw new IllegalStateException("boom"); }
                    public String name() { return "bad"; }
                    public io.tablemover.spi.SpiVersion spiVersion() { return null; }
                }
                """);
        TestPlugins.pluginJar(folder("bad").resolve("bad.jar"), sources, "com.example.bad.BadPlugin");
        String m = failure();
        assertTrue(m.startsWith("plugin folder " + plugins.resolve("bad") + ": cannot load its plugin:"), m);
        assertTrue(m.contains("java.lang.IllegalStateException: boom"), m);
    }

    @Test
    void aClassMissingFromTheFolderIsReported() throws Exception {
        Map<String, String> sources = Map.of("com.example.needy.NeedyPlugin", """
                package com.example.needy;
                public final class NeedyPlugin implements io.tablemover.spi.Plugin {
                    private final Object helper = new com.example.lib.Helper();
                    public String name() { return "needy"; }
                    public io.tablemover.spi.SpiVersion spiVersion() {
                        return new io.tablemover.spi.SpiVersion(io.tablemover.spi.SpiVersion.MAJOR, 0);
                    }
                }
                """, "com.example.lib.Helper", "package com.example.lib; public class Helper {}");
        TestPlugins.pluginJar(folder("needy").resolve("needy.jar"), sources, "com.example.needy.NeedyPlugin",
                entry -> !entry.startsWith("com/example/lib/"));
        String m = failure();
        assertTrue(m.startsWith("plugin folder " + plugins.resolve("needy") + ": cannot load its plugin:"), m);
        assertTrue(m.contains("java.lang.NoClassDefFoundError: com/example/lib/Helper"), m);
        assertTrue(m.endsWith("; put the jar holding the missing class into the folder (plugins see only the SPI and"
                + " the JDK, not the engine's libraries)"), m);
    }

    @Test
    void aPluginNameUsedTwiceIsRefused() throws Exception {
        plugin("a", "com.example.a", "same", CURRENT, "a-flag");
        plugin("b", "com.example.b", "same", CURRENT, "b-flag");
        assertEquals("plugin folder " + plugins.resolve("b") + ": plugin 'same' has the same name as the plugin in "
                + plugins.resolve("a") + "; remove one of the two folders", failure());
    }

    @Test
    void aFactoryNameOfferedTwiceIsRefused() throws Exception {
        plugin("a", "com.example.a", "plugin-a", CURRENT, "flag");
        plugin("b", "com.example.b", "plugin-b", CURRENT, "flag");
        assertEquals("plugin folder " + plugins.resolve("b") + ": plugin 'plugin-b' offers the throttler 'flag', which"
                + " plugin 'plugin-a' in " + plugins.resolve("a") + " offers too; remove one of the two plugins", failure());
    }

    @Test
    void malformedNamesAreRefused() throws Exception {
        plugin("caps", "com.example.caps", "Caps", CURRENT);
        assertEquals("plugin folder " + plugins.resolve("caps") + ": plugin class com.example.caps.TestPlugin has the"
                + " invalid name 'Caps'; use lower-case letters, digits and dashes, e.g. throttle-http", failure());
    }

    @Test
    void aJarDirectlyInThePluginsFolderIsRefused() throws Exception {
        TestPlugins.jar(plugins.resolve("loose.jar"), Map.of("a.txt", "a".getBytes(StandardCharsets.UTF_8)));
        assertEquals("plugins folder " + plugins + ": loose.jar must be in a folder of its own, e.g. "
                + plugins.resolve("loose").resolve("loose.jar"), failure());
    }
}
