package io.tablemover.engine.cli;

import io.tablemover.engine.state.ReverseState;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.StopSignal;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code tablemover revert}: gives the tables of a run in phase REVERSE ({@code --reverse-window}) back to the source,
 * with every write made on the target since the cutover. Takes the options of {@code move}, which name the run.
 */
@Command(name = "revert", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reverts the run named by --source, --target and --tables, cut over with --reverse-window: renames"
                + " the target tables t to _t_rev (writes there fail from then on), drains the reverse stream, then renames"
                + " the source's _t_del tables back to t, and prints the write-unavailability window. The running move"
                + " process does it if there is one; else this process resumes the run. Crash-safe: run it again to finish.",
                "Without --execute: says what it would do. Takes the options of move."},
        footer = "%n" + ExitCodeHelp.HELP)
public final class RevertCommand extends MoveCommand {
    RevertCommand(Map<String, String> env, MoveListener listener, StopSignal stop) {
        super(env, listener, stop);
    }

    @Override
    public Integer call() throws Exception {
        return ReverseCommands.run(ReverseState.REVERT, false, this, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
