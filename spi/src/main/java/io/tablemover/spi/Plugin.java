package io.tablemover.spi;

/**
 * Entry point of a tablemover plugin, discovered with {@link java.util.ServiceLoader} from a
 * {@code META-INF/services/io.tablemover.spi.Plugin} file inside the plugin's jar.
 *
 * <p>Each plugin folder under {@code plugins/<name>/} is loaded in its own class loader that shares
 * only the {@code io.tablemover.spi} packages and the JDK with the engine. A plugin hands out
 * factories; this first version of the SPI only identifies the plugin, later versions add hook,
 * throttler and sharding-function factories as default methods so that existing plugins keep
 * compiling.
 *
 * <p>Threading: the engine calls these methods from one thread at start-up. Implementations must
 * have a public no-argument constructor (a {@code ServiceLoader} rule).
 */
public interface Plugin {
    /**
     * @return the plugin's name, equal to its folder name under {@code plugins/}, e.g.
     *     {@code "hooks-shell"}; lower-case letters, digits and dashes.
     */
    String name();

    /**
     * @return the SPI version this plugin was compiled against; the engine refuses a plugin whose
     *     major version differs from {@link SpiVersion#CURRENT}.
     */
    default SpiVersion spiVersion() {
        return SpiVersion.CURRENT;
    }
}
