package io.tablemover.engine.run;

import com.google.inject.AbstractModule;
import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.plugin.RunExtensions;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.MoveListener;
import java.io.PrintWriter;

/**
 * Guice wiring of one move: its configuration, its hook and throttle settings and the hooks and
 * throttlers built from them, where the plan and summary go, who listens, and the per-server pools.
 */
public final class MoveModule extends AbstractModule {
    private final MoveConfig config;
    private final Extensions extensions;
    private final RunExtensions plugins;
    private final PrintWriter out;
    private final MoveListener listener;
    private final ServerPools pools;

    /** A move without hooks and throttlers ({@link Extensions#NONE}). @param pools the run's pools; the caller closes them */
    public MoveModule(MoveConfig config, PrintWriter out, MoveListener listener, ServerPools pools) {
        this(config, Extensions.NONE, RunExtensions.none(), out, listener, pools);
    }

    /**
     * @param extensions the hook and throttle settings
     * @param plugins the hooks and throttlers built from them ({@link RunExtensions#open}); the caller closes them
     * @param pools the run's pools; the caller closes them
     */
    public MoveModule(MoveConfig config, Extensions extensions, RunExtensions plugins, PrintWriter out,
                      MoveListener listener, ServerPools pools) {
        this.config = config;
        this.extensions = extensions;
        this.plugins = plugins;
        this.out = out;
        this.listener = listener;
        this.pools = pools;
    }

    @Override
    protected void configure() {
        bind(MoveConfig.class).toInstance(config);
        bind(Extensions.class).toInstance(extensions);
        bind(RunExtensions.class).toInstance(plugins);
        bind(PrintWriter.class).toInstance(out);
        bind(MoveListener.class).toInstance(listener);
        bind(ServerPools.class).toInstance(pools);
    }
}
