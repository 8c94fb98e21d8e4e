package io.tablemover.engine.transfer;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.plugin.RunExtensions;
import io.tablemover.engine.shard.ShardRouter;

/** Guice: the one write path shared by copy and binlog apply, and the router placing rows on shards. */
public final class TransferModule extends AbstractModule {
    @Override
    protected void configure() {
        // everything is provided below
    }

    /** @return the router of the run's sharding (one shard for an unsharded move) */
    @Provides
    @Singleton
    static ShardRouter router(MoveConfig config, RunExtensions plugins) {
        return new ShardRouter(config.sharding(), plugins::shardingFunction);
    }

    /** @return the row transfer from the source to every shard, retrying lock waits as configured */
    @Provides
    @Singleton
    static RowTransfer rowTransfer(ServerPools pools, ShardRouter router, MoveConfig config) {
        return new RowTransfer(pools.source(), pools.shards(), router,
                new LockWaits(pools.source(), config.lockWaitTimeout(), config.lockWaitRetryTimeout()));
    }
}
