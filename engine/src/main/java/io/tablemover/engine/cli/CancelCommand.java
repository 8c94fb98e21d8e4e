package io.tablemover.engine.cli;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.cancel.CancelRun;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.config.Sharding;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tablemover cancel}: drops a stored run's target tables and state, so that a move can start
 * again. Refused after the run's RENAME (the target is then the tables' only live copy), and while the
 * run is in progress (its table locks are held).
 */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cancels the run named by --source, --target and --tables: drops its target tables and its"
                + " run state. Refused once the run has renamed the source tables. Without --execute: says what it would drop."},
        footer = "%n" + ExitCodeHelp.HELP)
public final class CancelCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin RunOptions run;

    @Option(names = "--execute", description = "Drop the run's target tables and state; without it, only say what would be dropped")
    boolean execute;

    private final Map<String, String> env;

    CancelCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Endpoint source;
        Sharding sharding;
        List<String> tables;
        try {
            source = run.sourceEndpoint(env);
            sharding = run.sharding(env);
            tables = run.tableNames();
            sharding.checkTables(tables);
        } catch (MoveException e) {
            return Failures.report(e, err, "error: ");
        }
        try {
            out.println(new CancelRun(source, sharding, tables).run(execute));
            return ExitCode.OK.code();
        } catch (MoveException e) {
            return Failures.report(e, err, "cancel refused: ");
        } catch (org.jooq.exception.DataAccessException e) {
            err.println("cancel failed: " + e.getMessage().split("\n")[0]);
            return ExitCode.RUNTIME_FAILURE.code();
        }
    }
}
