package io.tablemover.engine.mysql;

import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.config.Shard;
import java.util.ArrayList;
import java.util.List;

/**
 * The pools of a run: one for the source and one per target shard (a single one for an unsharded move).
 * Each is sized for the copy workers, the applier, the chunk planner and the cutover.
 */
public final class ServerPools implements AutoCloseable {
    private final ServerPool source;
    private final List<ServerPool> shards;

    /**
     * Opens the pools (connections are made lazily, on first use): {@code copyThreads + 4} connections each, with an
     * {@code innodb_lock_wait_timeout} of {@link MoveConfig#lockWaitTimeout()} (default 5 s) on the source and 20 s on
     * the targets.
     *
     * @param config the move's source and target shards
     */
    public ServerPools(MoveConfig config) {
        int size = config.copyThreads() + 4;
        this.source = new ServerPool("source", config.source(), size, (int) config.lockWaitTimeout().toSeconds());
        List<ServerPool> pools = new ArrayList<>();
        try {
            for (Shard s : config.sharding().shards()) {
                pools.add(new ServerPool(config.sharding().sharded() ? "target[" + s.name() + "]" : "target", s.endpoint(), size, 20));
            }
        } catch (RuntimeException e) {
            pools.forEach(ServerPool::close);
            source.close();
            throw e;
        }
        this.shards = List.copyOf(pools);
    }

    /** @return the source's pool */
    public ServerPool source() {
        return source;
    }

    /** @return the run's home target: the only target of an unsharded move, the first shard of a sharded one */
    public ServerPool target() {
        return shards.get(0);
    }

    /** @return one pool per shard, in the order of {@link io.tablemover.engine.config.Sharding#shards()} */
    public List<ServerPool> shards() {
        return shards;
    }

    @Override
    public void close() {
        source.close();
        shards.forEach(ServerPool::close);
    }
}
