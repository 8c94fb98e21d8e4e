package io.tablemover.engine.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The parent of every plugin class loader: exposes the engine's {@code io.tablemover.spi}
 * classes and resources (and their subpackages) and, for everything else, only what the platform
 * class loader sees (the JDK). So a plugin shares the SPI types with the engine but cannot see the
 * engine's own classes or libraries (SLF4J, jOOQ, ...), and brings its own. Thread-safe.
 */
final class SpiOnlyClassLoader extends ClassLoader {
    /** Binary-name prefix of the shared classes. */
    static final String SPI_PACKAGE_PREFIX = "io.tablemover.spi.";
    /** Resource-path prefix of the shared resources. */
    static final String SPI_RESOURCE_PREFIX = "io/tablemover/spi/";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader engine;

    /**
     * @param engine the loader of the engine's SPI classes ({@code Plugin.class.getClassLoader()})
     */
    SpiOnlyClassLoader(ClassLoader engine) {
        super("tablemover-spi-only", ClassLoader.getPlatformClassLoader());
        this.engine = engine;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PACKAGE_PREFIX)) {
            return engine.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return name.startsWith(SPI_RESOURCE_PREFIX) ? engine.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return name.startsWith(SPI_RESOURCE_PREFIX) ? engine.getResources(name) : super.getResources(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        return Collections.emptyEnumeration();
    }
}
