package io.tablemover.engine.plugin;

import io.tablemover.spi.Plugin;
import io.tablemover.spi.SpiVersion;
import io.tablemover.spi.hook.HookFactory;
import io.tablemover.spi.sharding.ShardingFunctionFactory;
import io.tablemover.spi.throttle.ThrottlerFactory;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final String SERVICE_FILE = "META-INF/services/" + Plugin.class.getName();
    private static final String MISSING_CLASS_HINT = "put the jar holding the missing class into the folder (plugins"
            + " see only the SPI and the JDK, not the engine's libraries)";

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
        Registrar registrar = new Registrar();
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

    /** Collects plugins and factories across folders, refusing duplicate names. Not thread-safe. */
    private static final class Registrar {
        private final List<LoadedPlugin> plugins = new ArrayList<>();
        private final Map<String, Path> pluginFolders = new HashMap<>();
        private final Map<String, PluginRegistry.Entry<HookFactory>> hooks = new LinkedHashMap<>();
        private final Map<String, PluginRegistry.Entry<ThrottlerFactory>> throttlers = new LinkedHashMap<>();
        private final Map<String, PluginRegistry.Entry<ShardingFunctionFactory>> sharding = new LinkedHashMap<>();
        private final List<URLClassLoader> loaders = new ArrayList<>();

        void add(Path folder, ClassLoader spiLoader) {
            String where = "plugin folder " + folder + ": ";
            List<Path> jars = list(folder, "plugin folder " + folder).stream()
                    .filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .toList();
            if (jars.isEmpty()) {
                throw new PluginLoadException(where + "no .jar file in it; a plugin folder holds the plugin's jar and the"
                        + " jars it needs (remove the folder if it is not a plugin)");
            }
            for (Path jar : jars) {
                checkNoSpiClasses(where, jar);
            }
            URLClassLoader loader = new URLClassLoader("plugin-" + folder.getFileName(), urls(where, jars),
                    new SpiOnlyClassLoader(spiLoader));
            loaders.add(loader);
            List<Plugin> found;
            try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
                found = discover(where, loader);
            }
            if (found.isEmpty()) {
                throw new PluginLoadException(where + "no jar declares a plugin (" + fileNames(jars) + "); the plugin's jar"
                        + " needs " + SERVICE_FILE + " naming its Plugin class");
            }
            for (Plugin plugin : found) {
                try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
                    register(where, folder, loader, plugin);
                }
            }
        }

        private void register(String where, Path folder, ClassLoader loader, Plugin plugin) {
            String cls = plugin.getClass().getName();
            String name;
            SpiVersion version;
            try {
                name = plugin.name();
                version = plugin.spiVersion();
            } catch (AbstractMethodError e) {
                throw new PluginLoadException(where + "plugin class " + cls + " does not implement spiVersion(); rebuild it"
                        + " against tablemover-spi " + SpiVersion.CURRENT, e);
            } catch (RuntimeException | LinkageError e) {
                throw new PluginLoadException(where + "plugin class " + cls + " failed: " + e, e);
            }
            if (name == null || !NAME.matcher(name).matches()) {
                throw new PluginLoadException(where + "plugin class " + cls + " has the invalid name '" + name + "'; use"
                        + " lower-case letters, digits and dashes, e.g. throttle-http");
            }
            String what = where + "plugin '" + name + "' ";
            if (version == null) {
                throw new PluginLoadException(what + "returns no SPI version from spiVersion()");
            }
            if (version.major() != SpiVersion.CURRENT.major()) {
                throw new PluginLoadException(what + "was built for SPI " + version + ", this tablemover has SPI "
                        + SpiVersion.CURRENT + " (another major version is incompatible); use a build of the plugin"
                        + " for SPI " + SpiVersion.CURRENT.major() + ".x");
            }
            if (!SpiVersion.CURRENT.canLoad(version)) {
                throw new PluginLoadException(what + "was built for SPI " + version + ", newer than this tablemover's SPI "
                        + SpiVersion.CURRENT + "; upgrade tablemover or use an older build of the plugin");
            }
            Path other = pluginFolders.putIfAbsent(name, folder);
            if (other != null) {
                throw new PluginLoadException(what + "has the same name as the plugin in " + other + "; remove one of the"
                        + " two folders");
            }
            List<HookFactory> h;
            List<ThrottlerFactory> t;
            List<ShardingFunctionFactory> s;
            try {
                h = copy(what, "hookFactories()", plugin.hookFactories());
                t = copy(what, "throttlerFactories()", plugin.throttlerFactories());
                s = copy(what, "shardingFunctionFactories()", plugin.shardingFunctionFactories());
            } catch (PluginLoadException e) {
                throw e;
            } catch (RuntimeException | LinkageError e) {
                throw new PluginLoadException(what + "failed to list its factories: " + e, e);
            }
            LoadedPlugin loaded = new LoadedPlugin(name, folder, version, names(what, "hook", h, HookFactory::name),
                    names(what, "throttler", t, ThrottlerFactory::name),
                    names(what, "sharding function", s, ShardingFunctionFactory::name));
            put(what, "hook", hooks, h, HookFactory::name, loaded, loader);
            put(what, "throttler", throttlers, t, ThrottlerFactory::name, loaded, loader);
            put(what, "sharding function", sharding, s, ShardingFunctionFactory::name, loaded, loader);
            plugins.add(loaded);
            log.info("loaded plugin {}", loaded);
        }

        private static <F> List<F> copy(String what, String method, List<F> factories) {
            if (factories == null || factories.stream().anyMatch(java.util.Objects::isNull)) {
                throw new PluginLoadException(what + "returns null from " + method + " or in its list");
            }
            return List.copyOf(factories);
        }

        private static <F> List<String> names(String what, String kind, List<F> factories, Function<F, String> name) {
            List<String> names = new ArrayList<>();
            for (F f : factories) {
                String n = name.apply(f);
                if (n == null || !NAME.matcher(n).matches()) {
                    throw new PluginLoadException(what + "offers a " + kind + " with the invalid name '" + n + "'; use"
                            + " lower-case letters, digits and dashes");
                }
                if (names.contains(n)) {
                    throw new PluginLoadException(what + "offers two " + kind + "s named '" + n + "'");
                }
                names.add(n);
            }
            return names;
        }

        private static <F> void put(String what, String kind, Map<String, PluginRegistry.Entry<F>> into, List<F> factories,
                                    Function<F, String> name, LoadedPlugin plugin, ClassLoader loader) {
            for (F f : factories) {
                String n = name.apply(f);
                PluginRegistry.Entry<F> other = into.get(n);
                if (other != null) {
                    throw new PluginLoadException(what + "offers the " + kind + " '" + n + "', which plugin '"
                            + other.plugin().name() + "' in " + other.plugin().folder() + " offers too; remove one of"
                            + " the two plugins");
                }
                into.put(n, new PluginRegistry.Entry<>(f, plugin, loader));
            }
        }

        void closeAll() {
            for (URLClassLoader l : loaders) {
                try {
                    l.close();
                } catch (IOException ignored) {
                    // failing anyway
                }
            }
        }

        PluginRegistry build() {
            return new PluginRegistry(plugins, hooks, throttlers, sharding, loaders);
        }
    }

    private static List<Plugin> discover(String where, URLClassLoader loader) {
        List<Plugin> found = new ArrayList<>();
        try {
            Iterator<Plugin> it = ServiceLoader.load(Plugin.class, loader).iterator();
            while (it.hasNext()) {
                Plugin p = it.next();
                if (p.getClass().getClassLoader() == loader) {
                    found.add(p);
                }
            }
        } catch (ServiceConfigurationError e) {
            Throwable cause = e.getCause();
            throw new PluginLoadException(where + "cannot load its plugin: " + e.getMessage()
                    + (cause == null ? "" : " (" + cause + ")") + "; "
                    + (cause instanceof LinkageError ? MISSING_CLASS_HINT : "check " + SERVICE_FILE
                    + " in the plugin's jar, and that the class is public with a public no-argument constructor"), e);
        } catch (LinkageError e) {
            throw new PluginLoadException(where + "cannot load its plugin: " + e + "; " + MISSING_CLASS_HINT, e);
        }
        return found;
    }

    /** A jar that carries SPI classes of its own would shadow nothing but means a wrongly packaged plugin. */
    private static void checkNoSpiClasses(String where, Path jar) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = jf.entries();
            while (entries.hasMoreElements()) {
                String e = entries.nextElement().getName();
                if (e.startsWith(SpiOnlyClassLoader.SPI_RESOURCE_PREFIX) && e.endsWith(".class")) {
                    throw new PluginLoadException(where + jar.getFileName() + " contains " + e + ": a plugin must not"
                            + " bundle the SPI (declare tablemover-spi with <scope>provided</scope>, and do not copy"
                            + " the tablemover-spi jar into the folder)");
                }
            }
        } catch (IOException e) {
            throw new PluginLoadException(where + jar.getFileName() + " is not a readable jar: " + e.getMessage(), e);
        }
    }

    private static URL[] urls(String where, List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new PluginLoadException(where + "cannot use " + jars.get(i) + ": " + e.getMessage(), e);
            }
        }
        return urls;
    }

    private static List<Path> list(Path dir, String what) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new PluginLoadException(what + " cannot be read: " + e, e);
        }
    }

    private static String fileNames(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
    }
}
