package io.tablemover.engine.plugin;

import java.util.Objects;

/**
 * Makes a class loader the current thread's context class loader for the length of a {@code try} block and puts
 * the previous one back on {@link #close()}, like Trino's {@code ThreadContextClassLoader}. Every call into a plugin
 * goes through one, with the plugin's class loader, so that libraries inside the plugin that look classes or
 * resources up through the context class loader ({@code ServiceLoader.load(Class)}, JAXB, ...) find the plugin's:
 *
 * <pre>{@code
 * try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginLoader)) {
 *     hook.handle(event);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: open and close it on the same thread, in try-with-resources.
 */
public final class ThreadContextClassLoader implements AutoCloseable {
    private final Thread thread;
    private final ClassLoader previous;

    /**
     * Sets {@code loader} as the current thread's context class loader.
     *
     * @param loader the class loader to set, e.g. a plugin's
     * @throws NullPointerException if {@code loader} is null
     */
    public ThreadContextClassLoader(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        this.thread = Thread.currentThread();
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
    }

    /**
     * @return the class loader that defined {@code component}'s class: the plugin's for a component a plugin made,
     *     the engine's for the engine's own; the system class loader for a JDK class (defined by the bootstrap
     *     loader, which cannot be a context class loader)
     */
    static ClassLoader definingLoader(Object component) {
        ClassLoader loader = component.getClass().getClassLoader();
        return loader != null ? loader : ClassLoader.getSystemClassLoader();
    }

    /** Puts back the context class loader the thread had before. */
    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
