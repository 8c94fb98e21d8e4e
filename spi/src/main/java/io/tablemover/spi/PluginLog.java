package io.tablemover.spi;

/**
 * Where a plugin logs: the engine's log, under the plugin's name. Plugins must not use SLF4J or any
 * other logging library of the engine's (their class loader cannot see it); they log through this.
 *
 * <p>Thread-safe: may be called from any thread, including the plugin's own threads. Never throws.
 * Messages are single lines of plain text; never log passwords.
 *
 * @since 1.1
 */
public interface PluginLog {
    /** A log that drops every message (for tests). */
    PluginLog NONE = new PluginLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
    };

    /**
     * Logs a normal event, e.g. a hook's output line or a throttle state change.
     *
     * @param message one line of text
     */
    void info(String message);

    /**
     * Logs something the operator should look at, e.g. a failing hook or an unreachable endpoint.
     *
     * @param message one line of text
     */
    void warn(String message);
}
