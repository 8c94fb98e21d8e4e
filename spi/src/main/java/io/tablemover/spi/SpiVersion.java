package io.tablemover.spi;

/**
 * Version of the plugin SPI, checked by the engine when it loads a plugin.
 *
 * @param major incremented on every incompatible change; a plugin is loaded only if its major equals
 *     the engine's
 * @param minor incremented when methods with defaults are added
 */
public record SpiVersion(int major, int minor) {
    /** The SPI version of this build. */
    public static final SpiVersion CURRENT = new SpiVersion(1, 0);

    /** @return {@code "major.minor"}, e.g. {@code "1.0"} */
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
