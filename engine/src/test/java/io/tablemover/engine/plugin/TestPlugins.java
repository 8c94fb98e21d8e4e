package io.tablemover.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.spi.Plugin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds plugin jars at test time: compiles sources against the SPI alone, then packs them. */
final class TestPlugins {
    private TestPlugins() {}

    /** @return where the engine's SPI classes come from: spi/target/classes or the tablemover-spi jar */
    static Path spiLocation() {
        try {
            return Path.of(Plugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles {@code sources} (class name → source) with only the SPI on the class path, and
     * writes a jar with the classes and a services file naming {@code provider} (if not null).
     */
    static Path pluginJar(Path jar, Map<String, String> sources, String provider) throws IOException {
        return pluginJar(jar, sources, provider, entry -> true);
    }

    /** As {@link #pluginJar(Path, Map, String)}, keeping only the class files {@code keep} accepts. */
    static Path pluginJar(Path jar, Map<String, String> sources, String provider,
                          java.util.function.Predicate<String> keep) throws IOException {
        Path work = Files.createTempDirectory("tablemover-plugin-src");
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-classpath",
                spiLocation().toString(), "-d", classes.toString()));
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK (javax.tools), not a JRE");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertTrue(rc == 0, "javac failed: " + errors.toString(StandardCharsets.UTF_8));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String entry = classes.relativize(f).toString().replace('\\', '/');
                if (keep.test(entry)) {
                    entries.put(entry, Files.readAllBytes(f));
                }
            }
        }
        if (provider != null) {
            entries.put("META-INF/services/io.tablemover.spi.Plugin", (provider + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar(jar, entries);
    }

    /** Writes a jar with these entries (path → bytes). */
    static Path jar(Path jar, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                j.putNextEntry(new JarEntry(e.getKey()));
                j.write(e.getValue());
                j.closeEntry();
            }
        }
        return jar;
    }

    /**
     * Source of a plugin class {@code pkg.TestPlugin} named {@code name} that reports
     * {@code versionExpression} and offers throttler factories named {@code throttlers}, each
     * throttling while the file in its {@code path} setting exists.
     */
    static Map<String, String> plugin(String pkg, String name, String versionExpression, String... throttlers) {
        StringBuilder factories = new StringBuilder();
        for (String t : throttlers) {
            factories.append(factories.length() == 0 ? "" : ", ").append("new FlagFileFactory(\"").append(t).append("\")");
        }
        String plugin = """
                package PKG;

                import io.tablemover.spi.Plugin;
                import io.tablemover.spi.SpiVersion;
                import io.tablemover.spi.throttle.ThrottlerFactory;
                import java.util.List;

                public final class TestPlugin implements Plugin {
                    @Override public String name() { return "NAME"; }
                    @Override public SpiVersion spiVersion() { return VERSION; }
                    @Override public List<ThrottlerFactory> throttlerFactories() { return List.of(FACTORIES); }
                }
                """.replace("PKG", pkg).replace("NAME", name).replace("VERSION", versionExpression)
                .replace("FACTORIES", factories);
        String factory = """
                package PKG;

                import io.tablemover.spi.PluginContext;
                import io.tablemover.spi.throttle.ThrottleState;
                import io.tablemover.spi.throttle.Throttler;
                import io.tablemover.spi.throttle.ThrottlerFactory;
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.Map;

                /** Throttles while a flag file exists. */
                public final class FlagFileFactory implements ThrottlerFactory {
                    private final String name;

                    public FlagFileFactory(String name) { this.name = name; }

                    @Override public String name() { return name; }

                    @Override public Throttler create(Map<String, String> config, PluginContext context) {
                        String p = config.get("path");
                        if (p == null) {
                            throw new IllegalArgumentException("path is required");
                        }
                        Path flag = Path.of(p);
                        context.log().info("watching " + flag);
                        return () -> Files.exists(flag)
                                ? ThrottleState.throttled(name, "flag file " + flag + " exists")
                                : ThrottleState.open(name);
                    }
                }
                """.replace("PKG", pkg);
        return Map.of(pkg + ".TestPlugin", plugin, pkg + ".FlagFileFactory", factory);
    }
}
