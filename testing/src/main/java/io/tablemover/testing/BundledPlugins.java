package io.tablemover.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Assembles a plugins folder the way the tarball lays it out ({@code <dir>/<name>/} with the plugin's jar
 * and its runtime jars) from the packaged bundled plugins ({@code plugins/<name>/target/*.jar} and
 * {@code target/lib/*.jar}). The test is skipped (assumption) if a plugin has not been packaged yet.
 */
public final class BundledPlugins {
    private BundledPlugins() {}

    /**
     * @param dir the plugins folder to create
     * @param names bundled plugins to put into it, e.g. {@code "hooks-shell"}
     * @return {@code dir}
     */
    public static Path assemble(Path dir, String... names) throws IOException {
        Path repo = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
        Files.createDirectories(dir);
        for (String name : names) {
            Path target = repo.resolve("plugins").resolve(name).resolve("target");
            Optional<Path> jar = Optional.empty();
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    jar = files.filter(f -> f.getFileName().toString().matches("tablemover-plugin-" + name
                            + "-[0-9.]+(-SNAPSHOT)?\\.jar")).findFirst();
                }
            }
            assumeTrue(jar.isPresent(), "plugin " + name + " not packaged yet: run mvn install -pl plugins/" + name);
            Path folder = Files.createDirectories(dir.resolve(name));
            Files.copy(jar.get(), folder.resolve(jar.get().getFileName()));
            Path lib = target.resolve("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> files = Files.list(lib)) {
                    for (Path dep : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                        Files.copy(dep, folder.resolve(dep.getFileName()));
                    }
                }
            }
        }
        return dir;
    }
}
