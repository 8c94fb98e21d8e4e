package io.tablemover.engine.state;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPools;

/** Guice: the run state, kept in tables of the home target's database. */
public final class StateModule extends AbstractModule {
    @Override
    protected void configure() {
        // everything is provided below
    }

    /** @return the run state store on the home target */
    @Provides
    @Singleton
    static RunStore runStore(MoveConfig config, ServerPools pools) {
        return new RunStore(pools.target().dsl(), config.target().database());
    }
}
