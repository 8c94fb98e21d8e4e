package io.tablemover.engine.plugin;

import io.tablemover.spi.Plugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugins of a plugins folder: every sub-folder is one plugin folder, holding the
 * plugin's jar and the jars it needs (top-level {@code *.jar} files only, in name order). Each
 * folder gets its own {@link URLClassLoader} whose parent exposes only the engine's
 * {@code io.tablemover.spi} packages and the JDK ({@link SpiOnlyClassLoader}); its plugins are
 * found with {@link ServiceLoader} ({@code META-INF/services/io.tablemover.spi.Plugin}).
 * Hidden entries (names starting with {@code .}) and files other than jars are ignored.
 *
 * <p>Any problem fails the whole load with a {@link PluginLoadException} naming the folder:
 * <ul>
 *   <li>the plugins folder is missing;</li>
 *   <li>a {@code .jar} lies directly in the plugins folder instead of a sub-folder;</li>
 *   <li>a folder holds no jar, or no jar declares a plugin (no provider);</li>
 *   <li>a jar contains {@code io/tablemover/spi/} classes (the SPI bundled: a class clash);</li>
 *   <li>the provider cannot be loaded or instantiated ({@link ServiceConfigurationError}, or a
 *       class it needs is missing from the folder);</li>
 *   <li>the plugin was built for another SPI major, or a newer SPI minor, than the engine's;</li>
 *   <li>a plugin or factory name is malformed, or used twice (two plugins of one name, or two
 *       factories of one kind and name).</li>
 * </ul>
 *
 * <p>Thread-safety: stateless; {@link #load} may be called from any thread.
 */
public final class PluginLoader {
    /** System property naming the installation folder; set by {@code bin/tablemover}. */
    public static final String HOME_PROPERTY = "tablemover.home";

    private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);

    private PluginLoader() {}

    /**
     * @return {@code ${tablemover.home}/plugins}, or empty if the {@value #HOME_PROPERTY} system
     *     property is not set (e.g. run from an IDE or a test)
     */
    public static Optional<Path> defaultPluginsDir() {
        String home = System.getProperty(HOME_PROPERTY);
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, "plugins"));
    }

    /**
     * What the command line does: loads {@code --plugins-dir} if given (it must exist), else the
     * {@link #defaultPluginsDir()} if it exists, else nothing.
     *
     * @param pluginsDirOption the {@code --plugins-dir} value, if given
     * @return the loaded plugins, possibly none
     * @throws PluginLoadException see the class comment
     */
    public static PluginRegistry loadConfigured(Optional<Path> pluginsDirOption) {
        if (pluginsDirOption.isPresent()) {
            return load(pluginsDirOption.get());
        }
        Optional<Path> dflt = defaultPluginsDir();
        if (dflt.isPresent() && Files.isDirectory(dflt.get())) {
            return load(dflt.get());
        }
        log.debug("no plugins folder ({} not set or no plugins/ in it)", HOME_PROPERTY);
        return PluginRegistry.empty();
    }

    /**
     * Loads every plugin folder under {@code pluginsDir}, in folder-name order.
     *
     * @param pluginsDir e.g. {@code /opt/tablemover/plugins}
     * @return the loaded plugins; close it to release their jar files
     * @throws PluginLoadException see the class comment; no class loader is left open then
     */
    public static PluginRegistry load(Path pluginsDir) {
        return load(pluginsDir, Plugin.class.getClassLoader());
    }

    static PluginRegistry load(Path pluginsDir, ClassLoader spiLoader) {
        if (!Files.isDirectory(pluginsDir)) {
            throw new PluginLoadException("plugins folder " + pluginsDir + " does not exist or is not a folder; pass"
                    + " --plugins-dir with the folder that holds one sub-folder per plugin");
        }
        List<Path> folders = new ArrayList<>();
        for (Path entry : list(pluginsDir, "plugins folder " + pluginsDir)) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(entry)) {
                folders.add(entry);
            } else if (name.endsWith(".jar")) {
                throw new PluginLoadException("plugins folder " + pluginsDir + ": " + name + " must be in a folder of"
                        + " its own, e.g. " + pluginsDir.resolve(name.substring(0, name.length() - 4)).resolve(name));
            }
        }
        PluginRegistrar registrar = new PluginRegistrar();
        try {
            for (Path folder : folders) {
                registrar.add(folder, spiLoader);
            }
        } catch (RuntimeException | Error e) {
            registrar.closeAll();
            throw e;
        }
        return registrar.build();
    }

    /**
     * @return the entries of {@code dir}, sorted by name
     * @throws PluginLoadException naming {@code what} if it cannot be listed
     */
    static List<Path> list(Path dir, String what) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new PluginLoadException(what + " cannot be read: " + e, e);
        }
    }
}
