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
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads plugin folders one by one for {@link PluginLoader} and collects their plugins and factories, refusing
 * duplicate names; {@link #build()} makes the {@link PluginRegistry}. Each folder gets its own
 * {@link URLClassLoader} over its jars, whose parent is a {@link SpiOnlyClassLoader}; the plugin's methods run with
 * that loader as context class loader. Every problem is a {@link PluginLoadException} naming the folder.
 *
 * <p>Not thread-safe: one per {@link PluginLoader#load} call.
 */
final class PluginRegistrar {
    private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final String SERVICE_FILE = "META-INF/services/" + Plugin.class.getName();
    private static final String MISSING_CLASS_HINT = "put the jar holding the missing class into the folder (plugins"
            + " see only the SPI and the JDK, not the engine's libraries)";

    private final List<LoadedPlugin> plugins = new ArrayList<>();
    private final Map<String, Path> pluginFolders = new HashMap<>();
    private final Map<String, PluginRegistry.Entry<HookFactory>> hooks = new LinkedHashMap<>();
    private final Map<String, PluginRegistry.Entry<ThrottlerFactory>> throttlers = new LinkedHashMap<>();
    private final Map<String, PluginRegistry.Entry<ShardingFunctionFactory>> sharding = new LinkedHashMap<>();
    private final List<URLClassLoader> loaders = new ArrayList<>();

    /**
     * Loads one plugin folder and registers its plugins.
     *
     * @throws PluginLoadException naming the folder; its class loader is then closed by {@link #closeAll()}
     */
    void add(Path folder, ClassLoader spiLoader) {
        String where = "plugin folder " + folder + ": ";
        List<Path> jars = PluginLoader.list(folder, "plugin folder " + folder).stream()
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

    /** Closes every class loader made so far (the load failed). */
    void closeAll() {
        for (URLClassLoader l : loaders) {
            try {
                l.close();
            } catch (IOException ignored) {
                // failing anyway
            }
        }
    }

    /** @return the registry of everything added, owning the class loaders */
    PluginRegistry build() {
        return new PluginRegistry(plugins, hooks, throttlers, sharding, loaders);
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

    private static String fileNames(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
    }
}
