package io.tablemover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live progress bars of {@code bin/tablemover} on a real pseudo-terminal: the demo runs under {@code script}
 * (util-linux), which gives it a terminal as stdin and stdout, and its whole output (escape sequences included) is
 * read back from the typescript. With a terminal each table gets a bar of its own (rows copied of the estimate,
 * rows/s, lag, ETA; the bars redrawn in place with cursor movements); with {@code --no-progress} the same run
 * logs the status lines instead. Without a terminal ({@code TarballDemoIT}) no bar is drawn.
 */
class TarballProgressIT {
    /** A bar line as the progressbar library draws it, e.g. {@code customers  35% |███▏  | 35500/98847 rows (...)}. */
    private static final Pattern BAR = Pattern.compile("(customers|order_lines|accounts) +\\d+% \\|[^|]*\\| +\\d+/\\d+ rows \\(");

    @TempDir
    static Path install;

    private static Tarball tarball;

    @BeforeAll
    static void extractTarball() throws Exception {
        tarball = Tarball.extract(install);
    }

    @Test
    void aTerminalGetsOneProgressBarPerTable() throws Exception {
        String screen = underScript("demo", "--rows-per-table", "20000", "--writes-per-second", "50");
        assertTrue(screen.contains("demo: OK, "), screen);
        for (String table : List.of("customers", "order_lines", "accounts")) {
            assertTrue(BAR.matcher(screen).results().anyMatch(m -> m.group(1).equals(table)), "no bar for " + table
                    + ":\n" + screen);
        }
        assertTrue(screen.contains(" rows/s lag "), screen);
        assertTrue(screen.contains("\u001b[3A"), "the three bars are redrawn in place (cursor up 3):\n" + screen);
    }

    @Test
    void noProgressLogsTheStatusLinesInstead() throws Exception {
        String screen = underScript("demo", "--rows-per-table", "20000", "--writes-per-second", "50", "--no-progress");
        assertTrue(screen.contains("demo: OK, "), screen);
        assertFalse(BAR.matcher(screen).find(), screen);
        assertTrue(screen.contains("INFO  StatusLine - copy "), screen);
    }

    /** @return everything {@code bin/tablemover args} wrote to its pseudo-terminal (a 120x40 xterm) */
    private static String underScript(String... args) throws Exception {
        Path typescript = install.resolve("typescript-" + System.nanoTime());
        String command = "stty cols 120 rows 40; exec " + tarball.home.resolve("bin/tablemover") + " " + String.join(" ", args);
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", command, typescript.toString())
                .directory(install.toFile()).redirectErrorStream(true)
                .redirectOutput(install.resolve("script-out.txt").toFile());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("TERM", "xterm-256color");
        Process p = pb.start();
        assertTrue(p.waitFor(4, TimeUnit.MINUTES), "the demo did not finish within 4 minutes");
        String screen = Files.readString(typescript, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), screen);
        return screen;
    }
}
