package io.tablemover.engine.plugin;

import io.tablemover.engine.config.InvalidInputException;

/**
 * A plugin folder cannot be loaded: no provider, a bundled SPI, a wrong SPI version, a name used
 * twice, a provider that fails. The message is one line that names the folder and says how to fix
 * it, e.g. {@code "plugin folder /opt/tablemover/plugins/foo: no jar declares a plugin (...)"}.
 * Start-up stops (exit code 2, invalid input) before any server is contacted.
 */
public final class PluginLoadException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the folder and the fix
     */
    public PluginLoadException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the folder and the fix
     * @param cause the underlying error, kept for debugging
     */
    public PluginLoadException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
