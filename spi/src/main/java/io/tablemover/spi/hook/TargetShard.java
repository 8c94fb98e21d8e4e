package io.tablemover.spi.hook;

import io.tablemover.spi.sharding.KeyRange;
import java.util.Objects;

/**
 * One target of a run and the keyspace-id range whose rows it receives. An unsharded move has one
 * target with the range {@link KeyRange#FULL} ({@code -}); a resharding move has one per shard, e.g.
 * {@code -80} and {@code 80-}. Immutable; never holds a user name or a password.
 *
 * @param endpoint the target server and database
 * @param keyRange the keyspace ids it owns (start inclusive, end exclusive, Vitess notation)
 * @since 1.2
 */
public record TargetShard(DatabaseEndpoint endpoint, KeyRange keyRange) {
    /**
     * @throws NullPointerException if a component is null
     */
    public TargetShard {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(keyRange, "keyRange");
    }

    /** @return {@code host:port/database@range}, e.g. {@code 10.0.0.5:3306/app@-80} */
    @Override
    public String toString() {
        return endpoint + "@" + keyRange;
    }
}
