package io.tablemover.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.cli.Main;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.spi.SpiVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tablemover plugins}, and {@code move}'s {@code --hook}/{@code --throttler} mistakes, through the CLI. */
class PluginsCommandTest {
    private static final String CURRENT = "new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR)";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cli(String... args) {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), MoveListener.NONE);
    }

    private Path plugins() throws Exception {
        Path plugins = dir.resolve("plugins");
        TestPlugins.pluginJar(plugins.resolve("flag/flag.jar"),
                TestPlugins.plugin("com.example.flag", "flag", CURRENT, "flag-file", "other-flag"), "com.example.flag.TestPlugin");
        TestPlugins.pluginJar(plugins.resolve("old/old.jar"),
                TestPlugins.plugin("com.example.old", "old", "new SpiVersion(1, 1)", "old-flag"), "com.example.old.TestPlugin");
        return plugins;
    }

    @Test
    void listsEachPluginItsSpiVersionFolderAndFactories() throws Exception {
        Path plugins = plugins();
        assertEquals(0, cli("plugins", "--plugins-dir", plugins.toString()), err.toString());
        assertEquals("tablemover SPI " + SpiVersion.CURRENT + " (loads plugins built for SPI 1.0 to " + SpiVersion.CURRENT + ")\n"
                + "plugins folder " + plugins + ": 2 plugins\n"
                + "\n"
                + "flag  SPI " + SpiVersion.CURRENT + "  " + plugins.resolve("flag") + "\n"
                + "  throttler flag-file  (documents no settings)\n"
                + "  throttler other-flag  (documents no settings)\n"
                + "\n"
                + "old  SPI 1.1  " + plugins.resolve("old") + "\n"
                + "  throttler old-flag  (documents no settings)\n", out.toString());
    }

    @Test
    void aPluginForANewerSpiIsOneLineAndExitTwo() throws Exception {
        Path plugins = dir.resolve("plugins");
        TestPlugins.pluginJar(plugins.resolve("newer/newer.jar"), TestPlugins.plugin("com.example.newer", "newer",
                "new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR + 1)"), "com.example.newer.TestPlugin");
        assertEquals(2, cli("plugins", "--plugins-dir", plugins.toString()));
        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertEquals("error: plugin folder " + plugins.resolve("newer") + ": plugin 'newer' was built for SPI 1."
                + (SpiVersion.MINOR + 1) + ", newer than this tablemover's SPI " + SpiVersion.CURRENT + "; upgrade"
                + " tablemover or use an older build of the plugin", line);
    }

    @Test
    void moveRefusesAnUnknownHookBeforeContactingAnyServer() throws Exception {
        Path plugins = plugins();
        int code = cli("move", "--source", "jdbc:mysql://127.0.0.1:1/a", "--target", "jdbc:mysql://127.0.0.1:1/b",
                "--tables", "t", "--source-user", "u", "--plugins-dir", plugins.toString(), "--hook", "audit:to=syslog");
        assertEquals(2, code, err.toString());
        assertEquals("error: --hook audit: no hook named 'audit'; available: none (no loaded plugin offers a hook;"
                + " check the plugins folder)", err.toString().strip());
    }

    @Test
    void throttlersComeFromTheConfigFileThenTheCommandLine() throws Exception {
        Path plugins = plugins();
        Path config = dir.resolve("move.properties");
        Files.writeString(config, "throttler.2=other-flag:path=/tmp/b\nthrottler.10=nosuch\nthrottler=flag-file\n");
        int code = cli("move", "--source", "jdbc:mysql://127.0.0.1:1/a", "--target", "jdbc:mysql://127.0.0.1:1/b",
                "--tables", "t", "--source-user", "u", "--plugins-dir", plugins.toString(), "--config", config.toString());
        assertEquals(2, code, err.toString());
        // the first one in order (throttler) lacks its path; fixing it shows the next problem, the last (throttler.10)
        assertEquals("error: --throttler flag-file: throttler 'flag-file' (plugin flag): path is required",
                err.toString().strip());
        Files.writeString(config, "throttler.2=other-flag:path=/tmp/b\nthrottler.10=nosuch\nthrottler=flag-file:path=/tmp/a\n");
        err.getBuffer().setLength(0);
        assertEquals(2, cli("move", "--source", "jdbc:mysql://127.0.0.1:1/a", "--target", "jdbc:mysql://127.0.0.1:1/b",
                "--tables", "t", "--source-user", "u", "--plugins-dir", plugins.toString(), "--config", config.toString(),
                "--throttler", "old-flag:path=/tmp/c"));
        assertEquals("error: --throttler nosuch: no throttler named 'nosuch'; available: flag-file, old-flag, other-flag",
                err.toString().strip());
    }
}
