package io.tablemover.engine.cli;

import io.tablemover.engine.state.ReverseState;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.StopSignal;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tablemover complete}: ends the reverse window of a run in phase REVERSE ({@code --reverse-window}): the
 * reverse stream stops and the run is done; {@code --drop-old-tables} then drops the source's {@code _t_del} tables.
 */
@Command(name = "complete", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Completes the run named by --source, --target and --tables, cut over with --reverse-window: stops"
                + " its reverse stream and records it done (a revert is no longer possible). With --drop-old-tables, then"
                + " drops the source's _t_del tables.",
                "Without --execute: says what it would do. Takes the options of move."},
        footer = "%n" + ExitCodeHelp.HELP)
public final class CompleteCommand extends MoveCommand {
    @Option(names = "--drop-old-tables", description = "Once the run is done, drop the source's _t_del tables (only with --execute)")
    boolean dropOldTables;

    CompleteCommand(Map<String, String> env, MoveListener listener, StopSignal stop) {
        super(env, listener, stop);
    }

    @Override
    public Integer call() throws Exception {
        return ReverseCommands.run(ReverseState.COMPLETE, dropOldTables, this, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
