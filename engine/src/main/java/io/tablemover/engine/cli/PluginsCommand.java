package io.tablemover.engine.cli;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.plugin.LoadedPlugin;
import io.tablemover.engine.plugin.PluginLoader;
import io.tablemover.engine.plugin.PluginRegistry;
import io.tablemover.spi.SpiVersion;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tablemover plugins}: loads the plugins folder exactly as a move does ({@link PluginLoader}: one class loader
 * per plugin folder, the SPI version check) and lists each plugin, its SPI version and folder, and its factories
 * (kind {@code hook}, {@code throttler} or {@code sharding}, name) with the settings each documents. Contacts no
 * server. A folder that cannot be loaded is one line and exit code 2, as for a move.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the installed plugins: name, SPI version, folder, and each factory (kind, name) that"
                + " --hook, --throttler or --sharding-key can name, with the settings it documents.",
                "Loads the plugins folder as a move does, so a plugin that a move would refuse is reported here too."},
        footer = "%n" + ExitCodeHelp.HELP)
public final class PluginsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Plugins folder (default: the plugins folder of the installation)")
    Path pluginsDir;

    PluginsCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Path> folder = Optional.ofNullable(pluginsDir).or(PluginLoader::defaultPluginsDir);
        out.println("tablemover SPI " + SpiVersion.CURRENT + " (loads plugins built for SPI " + SpiVersion.CURRENT.major()
                + ".0 to " + SpiVersion.CURRENT + ")");
        if (folder.isEmpty()) {
            err.println("error: no plugins folder: pass --plugins-dir DIR (bin/tablemover uses the plugins folder of"
                    + " the installation)");
            return ExitCode.INVALID_INPUT.code();
        }
        if (pluginsDir == null && !Files.isDirectory(folder.get())) {
            out.println("plugins folder " + folder.get() + ": none installed (the folder does not exist)");
            return ExitCode.OK.code();
        }
        try (PluginRegistry registry = PluginLoader.load(folder.get())) {
            print(out, folder.get(), registry);
            return ExitCode.OK.code();
        } catch (MoveException e) {
            return Failures.report(e, err, "error: ");
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static void print(PrintWriter out, Path folder, PluginRegistry registry) {
        int n = registry.plugins().size();
        out.println("plugins folder " + folder + ": " + n + (n == 1 ? " plugin" : " plugins"));
        for (LoadedPlugin p : registry.plugins()) {
            out.println();
            out.println(p.name() + "  SPI " + p.spiVersion() + "  " + p.folder());
            var factories = registry.factories(p);
            if (factories.isEmpty()) {
                out.println("  (no factories)");
            }
            for (PluginRegistry.FactoryInfo f : factories) {
                out.println("  " + f.kind() + " " + f.name() + (f.configKeys().isEmpty() ? "  (documents no settings)" : ""));
                int width = f.configKeys().keySet().stream().mapToInt(String::length).max().orElse(0);
                for (Map.Entry<String, String> k : f.configKeys().entrySet()) {
                    out.println("    " + k.getKey() + " ".repeat(width - k.getKey().length() + 2) + k.getValue());
                }
            }
        }
    }
}
