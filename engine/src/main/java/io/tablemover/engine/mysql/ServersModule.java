package io.tablemover.engine.mysql;

import com.google.inject.AbstractModule;

/** Guice: the run's connection pools to the source and every target shard (opened and closed by the caller). */
public final class ServersModule extends AbstractModule {
    private final ServerPools pools;

    /** @param pools the run's pools; the caller closes them */
    public ServersModule(ServerPools pools) {
        this.pools = pools;
    }

    @Override
    protected void configure() {
        bind(ServerPools.class).toInstance(pools);
    }
}
