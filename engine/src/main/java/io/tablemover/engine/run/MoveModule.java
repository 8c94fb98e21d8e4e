package io.tablemover.engine.run;

import com.google.inject.AbstractModule;
import io.tablemover.engine.apply.StreamModule;
import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.mysql.ServersModule;
import io.tablemover.engine.plugin.ExtensionsModule;
import io.tablemover.engine.plugin.RunExtensions;
import io.tablemover.engine.state.StateModule;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.FaultInjectors;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.StopSignal;
import io.tablemover.engine.transfer.TransferModule;
import java.io.PrintWriter;

/**
 * The composition root of one move: its configuration, where the plan and summary go, who listens, the fault
 * injector, and one module per concern: servers ({@link ServersModule}), hooks/throttlers/commands
 * ({@link ExtensionsModule}), run state ({@link StateModule}), row transfer ({@link TransferModule}), binlog
 * replication ({@link StreamModule}) and the phase steps ({@link StepsModule}).
 */
public final class MoveModule extends AbstractModule {
    private final MoveConfig config;
    private final Extensions extensions;
    private final RunExtensions plugins;
    private final PrintWriter out;
    private final MoveListener listener;
    private final ServerPools pools;
    private final StopSignal stop;

    /**
     * @param extensions the hook and throttle settings
     * @param plugins the hooks and throttlers built from them ({@link RunExtensions#open}); the caller closes them
     * @param pools the run's pools; the caller closes them
     * @param stop the operator's stop request (SIGTERM/SIGINT)
     */
    public MoveModule(MoveConfig config, Extensions extensions, RunExtensions plugins, PrintWriter out,
                      MoveListener listener, ServerPools pools, StopSignal stop) {
        this.stop = stop;
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
        bind(PrintWriter.class).toInstance(out);
        bind(MoveListener.class).toInstance(listener);
        bind(FaultInjector.class).toInstance(FaultInjectors.configured());
        bind(StopSignal.class).toInstance(stop);
        install(new ServersModule(pools));
        install(new ExtensionsModule(plugins));
        install(new StateModule());
        install(new TransferModule());
        install(new StreamModule());
        install(new StepsModule());
    }
}
