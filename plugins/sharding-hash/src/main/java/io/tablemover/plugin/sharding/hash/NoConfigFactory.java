package io.tablemover.plugin.sharding.hash;

import io.tablemover.spi.PluginContext;
import io.tablemover.spi.sharding.ShardingFunction;
import io.tablemover.spi.sharding.ShardingFunctionFactory;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A factory of a sharding function that takes no settings. Immutable and thread-safe.
 *
 * @param name the function's name, e.g. {@code "hash"}
 * @param constructor makes a new (thread-safe) function
 */
record NoConfigFactory(String name, Supplier<ShardingFunction> constructor) implements ShardingFunctionFactory {
    NoConfigFactory {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(constructor, "constructor");
    }

    /**
     * @throws IllegalArgumentException if {@code config} holds any key
     */
    @Override
    public ShardingFunction create(Map<String, String> config, PluginContext context) {
        if (!config.isEmpty()) {
            throw new IllegalArgumentException("sharding function '" + name + "' takes no settings, got "
                    + new TreeSet<>(config.keySet()));
        }
        return constructor.get();
    }
}
