package io.tablemover.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.StopSignal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md documents every subcommand and every option that {@code --help} shows: the test walks the command line
 * the CLI builds and looks for each subcommand as {@code tablemover NAME} and each option's longest name in backquotes
 * (a table row or the text). An option added without its documentation fails here.
 */
class CliReferenceTest {
    @Test
    void everyOptionOfEverySubcommandIsInTheCliReference() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "cli.md"), StandardCharsets.UTF_8);
        CommandLine cli = Main.commandLine(Map.of(), MoveListener.NONE, StopSignal.none());
        List<String> missing = new ArrayList<>();
        cli.getSubcommands().forEach((name, sub) -> {
            if (!doc.contains("tablemover " + name)) {
                missing.add("subcommand " + name);
            }
            for (CommandLine.Model.OptionSpec option : sub.getCommandSpec().options()) {
                if (option.hidden() || option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                if (!doc.contains("`" + option.longestName())) {
                    missing.add(name + " " + option.longestName());
                }
            }
        });
        assertEquals(List.of(), missing, "undocumented in docs/cli.md");
    }
}
