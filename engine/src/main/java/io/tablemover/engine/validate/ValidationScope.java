package io.tablemover.engine.validate;

import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPool;
import java.util.List;

/**
 * What every family of checks looks at: the move's configuration, the source, and one pool per target shard in the
 * order of {@code config.sharding().shards()}.
 */
record ValidationScope(MoveConfig config, ServerPool source, List<ServerPool> targets) {
    /** @return how problems name the {@code i}th target: {@code target}, or {@code target shard -80} */
    String side(int i) {
        return config.sharding().sharded() ? "target shard " + config.sharding().shards().get(i).name() : "target";
    }

    /** @return the {@code i}th target's endpoint */
    Endpoint endpoint(int i) {
        return config.sharding().shards().get(i).endpoint();
    }
}
