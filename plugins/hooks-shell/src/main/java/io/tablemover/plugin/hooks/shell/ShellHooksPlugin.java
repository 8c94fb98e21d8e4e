package io.tablemover.plugin.hooks.shell;

import io.tablemover.spi.Plugin;

/**
 * The {@code hooks-shell} plugin: lets operators run shell commands at the points of a move's life
 * cycle.
 *
 * <p>Once the hook SPI lands it will provide a hook factory that runs a configured command (through
 * {@code /bin/sh -c}) before and after each phase of a move, e.g. before the copy starts, after the
 * copy finishes, before and after the cut-over, and on failure. The command will get the move's
 * context (e.g. source and target tables and the phase) as environment variables.
 *
 * <p>This version only identifies itself; the hook factories arrive with a later SPI version.
 */
public final class ShellHooksPlugin implements Plugin {
    /** The plugin's name, equal to its folder under {@code plugins/}. */
    public static final String NAME = "hooks-shell";

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public ShellHooksPlugin() {}

    @Override
    public String name() {
        return NAME;
    }
}
