package io.tablemover.engine.run;

import com.google.inject.Guice;
import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.state.RunToken;
import io.tablemover.engine.step.RunHooks;
import io.tablemover.engine.step.RunInfos;
import io.tablemover.spi.hook.RunInfo;
import java.util.Optional;
import io.tablemover.engine.config.Monitoring;
import io.tablemover.engine.metrics.MetricsModule;
import io.tablemover.engine.metrics.MetricsServer;
import io.tablemover.engine.progress.ProgressModule;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.plugin.RunExtensions;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.MoveResult;
import io.tablemover.engine.step.StopSignal;
import java.io.PrintWriter;

/**
 * The one way in to a move, for the CLI and for embedders such as the demo: loads the plugins the settings need,
 * opens the servers' pools, wires the run and runs it to its end.
 */
public final class Moves {
    private Moves() {}

    /**
     * Runs (or resumes) one move; without {@code config.execute()}, validates and prints the plan.
     *
     * @param extensions hooks, throttlers, command channel ({@link Extensions#NONE} for none)
     * @param out where the plan, the progress announcements and the summary go
     * @param listener observes the phases (tests, the demo); {@link MoveListener#NONE} otherwise
     * @return what the run did
     * @throws io.tablemover.engine.error.MoveException for every failure the operator can act on, carrying its
     *     exit code: invalid input (2), validation (3), before the RENAME (4, source untouched), after it (5)
     * @throws InterruptedException if the calling thread is interrupted
     */
    public static MoveResult run(MoveConfig config, Extensions extensions, PrintWriter out, MoveListener listener)
            throws InterruptedException {
        return run(config, extensions, out, listener, StopSignal.none());
    }

    /**
     * As {@link #run(MoveConfig, Extensions, PrintWriter, MoveListener)}, stopping cleanly when {@code stop} is
     * requested (the CLI's SIGTERM/SIGINT handlers).
     */
    public static MoveResult run(MoveConfig config, Extensions extensions, PrintWriter out, MoveListener listener,
                                 StopSignal stop) throws InterruptedException {
        return run(config, extensions, Monitoring.NONE, out, listener, stop);
    }

    /**
     * As {@link #run(MoveConfig, Extensions, PrintWriter, MoveListener, StopSignal)}, reporting progress as
     * {@code monitoring} asks: the metrics port is bound first (a port in use is invalid input, exit 2, before
     * anything else happens) and served until the run ends.
     */
    public static MoveResult run(MoveConfig config, Extensions extensions, Monitoring monitoring, PrintWriter out,
                                 MoveListener listener, StopSignal stop) throws InterruptedException {
        PrometheusRegistry registry = new PrometheusRegistry();
        // the metrics port, then the plugins (if needed), before any server is contacted: both are invalid input
        String token = RunToken.of(config.source().database(), config.sharding(), config.tables());
        RunInfo run = RunInfos.of(token, config.source(), config.sharding().shards(), config.tables(),
                config.tables().stream().map(CutoverNames::deletedName).toList());
        try (MetricsServer metrics = MetricsServer.open(monitoring, registry);
             RunExtensions plugins = RunExtensions.open(extensions, config.sharding().vindexes(), Optional.of(run));
             ServerPools pools = new ServerPools(config)) {
            return Guice.createInjector(new MoveModule(config, extensions, plugins, out, listener, pools, stop),
                            new MetricsModule(registry), new ProgressModule(monitoring))
                    .getInstance(MoveRun.class).run();
        }
    }
}
