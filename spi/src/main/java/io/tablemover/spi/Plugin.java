package io.tablemover.spi;

import io.tablemover.spi.hook.HookFactory;
import io.tablemover.spi.sharding.ShardingFunctionFactory;
import io.tablemover.spi.throttle.ThrottlerFactory;
import java.util.List;

/**
 * Entry point of a tablemover plugin, discovered with {@link java.util.ServiceLoader} from a
 * {@code META-INF/services/io.tablemover.spi.Plugin} file inside the plugin's jar.
 *
 * <p>Each plugin folder under {@code plugins/<folder>/} is loaded in its own class loader that
 * shares only the {@code io.tablemover.spi} packages and the JDK with the engine: a plugin brings
 * every other library it needs in its folder, and must not bundle the SPI itself.
 *
 * <p>A plugin hands out factories; the engine creates hooks, throttlers and sharding functions from
 * them when a run's options name them. Factory names are unique per kind across all loaded
 * plugins.
 *
 * <p>Threading: the engine calls these methods once each, from one thread, at start-up.
 * Implementations must be {@code public} with a public no-argument constructor (a
 * {@code ServiceLoader} rule) and should do no work in it. An exception thrown here fails the
 * engine's start-up with a message naming the plugin folder.
 */
public interface Plugin {
    /**
     * @return the plugin's name, conventionally equal to its folder name under {@code plugins/},
     *     e.g. {@code "hooks-shell"}; lower-case letters, digits and dashes, starting with a letter
     *     or digit; unique among the loaded plugins
     */
    String name();

    /**
     * The SPI version this plugin was compiled against; the engine refuses a different major or a
     * newer minor (see {@link SpiVersion}). Implement it exactly as
     * <pre>{@code
     * @Override
     * public SpiVersion spiVersion() {
     *     return new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR);
     * }
     * }</pre>
     * so that javac copies the constants of the SPI jar you build with into your class.
     *
     * @return the SPI version the plugin was built with
     */
    SpiVersion spiVersion();

    /**
     * @return hook factories (run life-cycle callbacks), in no particular order; empty by default;
     *     the list is copied by the engine
     * @since 1.1
     */
    default List<HookFactory> hookFactories() {
        return List.of();
    }

    /**
     * @return throttler factories (pause copy and apply while a system is under pressure); empty
     *     by default; the list is copied by the engine
     * @since 1.1
     */
    default List<ThrottlerFactory> throttlerFactories() {
        return List.of();
    }

    /**
     * @return sharding-function factories (map a sharding key to a keyspace id); empty by default;
     *     the list is copied by the engine
     * @since 1.1
     */
    default List<ShardingFunctionFactory> shardingFunctionFactories() {
        return List.of();
    }
}
