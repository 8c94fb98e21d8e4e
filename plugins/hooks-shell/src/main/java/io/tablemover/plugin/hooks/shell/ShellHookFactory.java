package io.tablemover.plugin.hooks.shell;

import io.tablemover.spi.PluginContext;
import io.tablemover.spi.hook.Hook;
import io.tablemover.spi.hook.HookFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code shell} hook factory. Settings:
 * <ul>
 *   <li>{@code hooks-path} (required): the folder holding the executables, e.g.
 *       {@code /etc/tablemover/hooks}; must exist;</li>
 *   <li>{@code timeout-seconds} (default {@value #DEFAULT_TIMEOUT_SECONDS}): how long one
 *       executable may run, 1..86400 s; then it and its child processes are killed.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class ShellHookFactory implements HookFactory {
    /** The factory's name. */
    public static final String NAME = "shell";
    /** Setting: the folder of the executables. */
    public static final String HOOKS_PATH = "hooks-path";
    /** Setting: seconds one executable may run. */
    public static final String TIMEOUT_SECONDS = "timeout-seconds";
    /** Default of {@link #TIMEOUT_SECONDS}. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 60;

    private static final Set<String> KEYS = Set.of(HOOKS_PATH, TIMEOUT_SECONDS);

    /** Public no-argument constructor. */
    public ShellHookFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    /** @return the two settings, {@code hooks-path} first */
    @Override
    public Map<String, String> configKeys() {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put(HOOKS_PATH, "the folder of the tablemover-on-<event>* executables; must exist (required)");
        keys.put(TIMEOUT_SECONDS, "seconds one executable may run before it and its children are killed, 1..86400"
                + " (default " + DEFAULT_TIMEOUT_SECONDS + ")");
        return keys;
    }

    /**
     * @throws IllegalArgumentException if {@code hooks-path} is missing or not a folder,
     *     {@code timeout-seconds} is not a whole number in 1..86400, or another key is given
     */
    @Override
    public Hook create(Map<String, String> config, PluginContext context) {
        Set<String> unknown = new TreeSet<>(config.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("shell hooks: unknown setting(s) " + unknown + "; known: "
                    + new TreeSet<>(KEYS));
        }
        String dir = config.get(HOOKS_PATH);
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("shell hooks: " + HOOKS_PATH + " is required: the folder of the"
                    + " tablemover-on-<event> executables");
        }
        Path hooksPath = Path.of(dir);
        if (!Files.isDirectory(hooksPath)) {
            throw new IllegalArgumentException("shell hooks: " + HOOKS_PATH + " '" + dir + "' is not a folder");
        }
        long timeout = DEFAULT_TIMEOUT_SECONDS;
        String t = config.get(TIMEOUT_SECONDS);
        if (t != null) {
            try {
                timeout = Long.parseLong(t.strip());
            } catch (NumberFormatException e) {
                timeout = -1;
            }
            if (timeout < 1 || timeout > 86_400) {
                throw new IllegalArgumentException("shell hooks: " + TIMEOUT_SECONDS + " must be a whole number of"
                        + " seconds from 1 to 86400, got '" + t + "'");
            }
        }
        return new ShellHook(hooksPath, Duration.ofSeconds(timeout), context.log(), System.getenv());
    }
}
