package io.tablemover.engine.cli;

import com.google.inject.AbstractModule;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.run.MoveListener;
import java.io.PrintWriter;

/**
 * Guice wiring of one move: its configuration, where the plan and summary go, who listens, and the
 * per-server pools.
 */
public final class MoveModule extends AbstractModule {
    private final MoveConfig config;
    private final PrintWriter out;
    private final MoveListener listener;
    private final ServerPools pools;

    /** @param pools the run's pools; the caller closes them */
    public MoveModule(MoveConfig config, PrintWriter out, MoveListener listener, ServerPools pools) {
        this.config = config;
        this.out = out;
        this.listener = listener;
        this.pools = pools;
    }

    @Override
    protected void configure() {
        bind(MoveConfig.class).toInstance(config);
        bind(PrintWriter.class).toInstance(out);
        bind(MoveListener.class).toInstance(listener);
        bind(ServerPools.class).toInstance(pools);
    }
}
