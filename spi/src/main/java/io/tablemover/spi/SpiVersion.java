package io.tablemover.spi;

/**
 * Version of the plugin SPI, checked by the engine when it loads a plugin.
 *
 * <p>Compatibility rule, applied by the engine to every plugin at start-up:
 * <ul>
 *   <li>a plugin whose {@code major} differs from the engine's is refused (an incompatible change:
 *       a method removed, a signature or a contract changed);</li>
 *   <li>a plugin whose {@code minor} is greater than the engine's is refused (it was compiled
 *       against methods or types this engine does not have);</li>
 *   <li>any other plugin is loaded: minor versions only add types and methods with defaults, so a
 *       plugin built against {@code 1.0} runs on a {@code 1.3} engine.</li>
 * </ul>
 *
 * <p>How a plugin reports the version it was compiled against: {@link #MAJOR} and {@link #MINOR}
 * are compile-time constants, which {@code javac} copies into the plugin's own class file. So
 * {@code return new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR);} in
 * {@link Plugin#spiVersion()} keeps the value of the SPI jar the plugin was built with, whereas
 * {@link #CURRENT} (an object, not a constant) is always the running engine's version.
 *
 * <p>History: {@code 1.0} identified a plugin only; {@code 1.1} added hook, throttler and
 * sharding-function factories; {@code 1.2} added {@code hook.VerifyResult} and
 * {@code RunProgress.lastVerify()} (the 1.1 constructor of {@code RunProgress} stays),
 * {@link io.tablemover.spi.hook.RunInfo#targets()} (every target with its key range), {@link PluginContext#run()}
 * (the run a component is created for) and the factories' {@code configKeys()} (the settings they document),
 * and the hook events of {@code --reverse-window} ({@code reverse-started}, {@code before-revert},
 * {@code reverted}, {@code completed}).
 *
 * @param major incremented on every incompatible change; zero or more
 * @param minor incremented when types, or methods with defaults, are added; zero or more
 */
public record SpiVersion(int major, int minor) {
    /** Major version of this SPI build, a compile-time constant (copied into plugins by javac). */
    public static final int MAJOR = 1;

    /** Minor version of this SPI build, a compile-time constant (copied into plugins by javac). */
    public static final int MINOR = 2;

    /** The SPI version of the running engine (not inlined into plugins; see the class comment). */
    public static final SpiVersion CURRENT = new SpiVersion(MAJOR, MINOR);

    /**
     * @throws IllegalArgumentException if a part is negative
     */
    public SpiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("SPI version parts must be >= 0, got " + major + "." + minor);
        }
    }

    /**
     * Whether an engine of this SPI version can load a plugin compiled against {@code plugin}: same
     * major, and the plugin's minor not greater than this one.
     *
     * @param plugin the version the plugin reports in {@link Plugin#spiVersion()}
     * @return true if the plugin can be loaded
     */
    public boolean canLoad(SpiVersion plugin) {
        return plugin.major == major && plugin.minor <= minor;
    }

    /** @return {@code "major.minor"}, e.g. {@code "1.1"} */
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
