package io.tablemover.demo;

import io.tablemover.engine.cli.Subcommand;
import io.tablemover.engine.config.Monitoring;
import io.tablemover.engine.error.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tablemover demo}: the embedded default, see {@link DemoRunner}. The engine's CLI finds it as a
 * {@link Subcommand} (listed in this module's {@code META-INF/services}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts two throwaway local MySQL 8.0.31 servers, seeds three tables, moves them with"
                + " cutover under a concurrent write load, checks target = source row by row, prints the"
                + " figures and stops the servers. Needs Linux x86-64 and libaio1."},
        footer = "%nExit codes: 0 the tables match, 4 they differ or the move failed, 1 internal error")
public final class DemoCommand implements Subcommand {
    @Spec CommandSpec spec;

    @Option(names = "--rows-per-table", defaultValue = "40000", description = "Rows seeded per table (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--writes-per-second", defaultValue = "300", description = "Load on the source (default ${DEFAULT-VALUE})")
    int writesPerSecond;

    @Option(names = "--shards", defaultValue = "1", paramLabel = "N",
            description = "Reshard onto N databases of the target server (2..16; tables placed by the Vitess hash and"
                    + " xxhash vindexes of plugin sharding-hash); 1 moves the tables whole (default ${DEFAULT-VALUE})")
    int shards;

    @Option(names = "--no-progress",
            description = "No live progress bars, only the status log lines, even when stdout is a terminal")
    boolean noProgress;

    /** Runs the demo; see the footer for the exit codes. */
    @Override
    public Integer call() throws Exception {
        try {
            boolean ok = new DemoRunner(spec.commandLine().getOut(), rows, writesPerSecond, shards)
                    .monitoring(new Monitoring(java.util.OptionalInt.empty(), Monitoring.DEFAULT_METRICS_BIND, !noProgress)).run();
            return ok ? ExitCode.OK.code() : ExitCode.RUNTIME_FAILURE.code();
        } catch (io.tablemover.engine.config.InvalidInputException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCode.INVALID_INPUT.code();
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("demo failed: " + e.getMessage());
            return ExitCode.RUNTIME_FAILURE.code();
        }
    }
}
