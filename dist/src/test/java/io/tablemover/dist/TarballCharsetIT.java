package io.tablemover.dist;

import static io.tablemover.dist.Tarball.USER;
import static io.tablemover.dist.Tarball.assertRowsEqual;
import static io.tablemover.dist.Tarball.createMoveUser;
import static io.tablemover.dist.Tarball.rows;
import static io.tablemover.dist.Tarball.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tablemover.testing.MysqlServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables with non-ASCII names, moved by the tarball's {@code bin/tablemover} in a JVM whose default charset or locale
 * is not UTF-8 (issue 9, item 1). The child process is started through a shell script written in UTF-8, so its
 * arguments reach it as UTF-8 bytes whatever this JVM's own locale.
 *
 * <p>Fails before the fix: {@link #movesUnderWriteLoadWithALatin1DefaultCharset} ended with exit 0 and targets that
 * lack every change made during the move (the binlog library decoded the TABLE_MAP names with the platform charset,
 * so {@code naïve} never matched); {@link #takesANonAsciiTableNameUnderTheCLocale} stopped with "does not exist"
 * (exit 3), the JVM having decoded {@code tablé} as {@code tabl\uFFFD\uFFFD}. Checked by building the tarball from the
 * commit before (git stash of engine/src/main and dist/src/bin).
 */
class TarballCharsetIT {
    private static final int ROWS = 2_000;
    private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> TABLES = List.of("naïve", "日本語");

    @TempDir
    static Path install;

    private static Tarball tarball;

    @BeforeAll
    static void extractTarball() throws Exception {
        tarball = Tarball.extract(install);
    }

    @Test
    void movesUnderWriteLoadWithALatin1DefaultCharset() throws Exception {
        MysqlServers.Server source = MysqlServers.get().source();
        MysqlServers.Server target = MysqlServers.get().target();
        String sourceDb = source.createDatabase("charset_src");
        String targetDb = target.createDatabase("charset_tgt");
        createMoveUser(source);
        createMoveUser(target);
        try (Connection c = source.connect(sourceDb); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE `naïve` (id INT PRIMARY KEY, v VARCHAR(64) NOT NULL)");
            s.execute("CREATE TABLE `日本語` (名前 VARCHAR(32) NOT NULL PRIMARY KEY, n INT NOT NULL)");
            s.execute("SET SESSION cte_max_recursion_depth = " + (ROWS + 1));
            s.execute("INSERT INTO `naïve` WITH RECURSIVE q(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM q WHERE n < "
                    + ROWS + ") SELECT n, CONCAT('row ', n) FROM q");
            s.execute("INSERT INTO `日本語` WITH RECURSIVE q(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM q WHERE n < "
                    + ROWS + ") SELECT CONCAT('名前', n), n FROM q");
        }
        Path flag = install.resolve("postpone-" + sourceDb);
        Files.writeString(flag, "hold");
        Map<String, String> env = new HashMap<>(Tarball.passwords());
        env.put("JAVA_OPTS", "-Dfile.encoding=ISO-8859-1");
        Load load = new Load(source, sourceDb);
        load.start();
        Process p;
        try {
            p = start(List.of("move", "--source", url(source, sourceDb), "--target", url(target, targetDb),
                    "--tables", String.join(",", TABLES), "--source-user", USER, "--target-user", USER, "--execute",
                    "--chunk-size", "100", "--postpone-cutover-flag-file", flag.toString()), env, "latin1");
            awaitStdout(p, "cutover postponed", "latin1");
            String cmdline = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"), StandardCharsets.UTF_8);
            Matcher enc = Pattern.compile("-Dfile\\.encoding=([^\\x00]+)").matcher(cmdline);
            String last = null;
            while (enc.find()) {
                last = enc.group(1);
            }
            assertEquals("ISO-8859-1", last, "the JVM's default charset (last -Dfile.encoding): " + cmdline);
            Thread.sleep(1_000); // writes while the cutover is postponed reach the target only through the binlog
        } finally {
            load.stop();
        }
        assertEquals(null, load.failure.get(), "the write load failed");
        assertTrue(load.writes.get() > 50, "writes during the move: " + load.writes.get());
        Files.delete(flag);
        int exit = await(p, "latin1");
        String output = describe("latin1");
        System.out.println("latin1 default charset: " + load.writes.get() + " writes during the move\n" + output);
        assertEquals(0, exit, output);

        assertRowsEqual(rows(source, sourceDb, "_naïve_del", "id"), rows(target, targetDb, "naïve", "id"), "naïve");
        assertRowsEqual(rows(source, sourceDb, "_日本語_del", "名前"), rows(target, targetDb, "日本語", "名前"), "日本語");
    }

    @Test
    void takesANonAsciiTableNameUnderTheCLocale() throws Exception {
        MysqlServers.Server source = MysqlServers.get().source();
        MysqlServers.Server target = MysqlServers.get().target();
        String sourceDb = source.createDatabase("clocale_src");
        String targetDb = target.createDatabase("clocale_tgt");
        createMoveUser(source);
        createMoveUser(target);
        try (Connection c = source.connect(sourceDb); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE `tablé` (id INT PRIMARY KEY, v VARCHAR(64) NOT NULL)");
            s.execute("INSERT INTO `tablé` VALUES (1, 'un'), (2, 'deux'), (3, 'trois')");
        }
        Map<String, String> env = new HashMap<>(Tarball.passwords());
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
        Process p = start(List.of("move", "--source", url(source, sourceDb), "--target", url(target, targetDb),
                "--tables", "tablé", "--source-user", USER, "--target-user", USER, "--execute"), env, "clocale");
        int exit = await(p, "clocale");
        String output = describe("clocale");
        System.out.println("LC_ALL=C:\n" + output);
        assertEquals(0, exit, output);
        assertTrue(Files.readString(install.resolve("clocale.out"), StandardCharsets.UTF_8).contains("tablé"), output);
        assertRowsEqual(rows(source, sourceDb, "_tablé_del", "id"), rows(target, targetDb, "tablé", "id"), "tablé");
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * Starts {@code bin/tablemover args} through a {@code sh} script written in UTF-8 (this JVM would encode
     * arguments in its own locale's charset); stdout and stderr go to {@code <name>.out} and {@code <name>.err}.
     */
    private static Process start(List<String> args, Map<String, String> env, String name) throws Exception {
        StringBuilder script = new StringBuilder("exec '").append(tarball.home.resolve("bin/tablemover")).append('\'');
        for (String a : args) {
            script.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Path file = install.resolve(name + ".sh");
        Files.writeString(file, script.append('\n').toString(), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("sh", file.toString())
                .directory(install.toFile())
                .redirectOutput(install.resolve(name + ".out").toFile())
                .redirectError(install.resolve(name + ".err").toFile());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void awaitStdout(Process p, String text, String name) throws Exception {
        long deadline = System.nanoTime() + MOVE_TIMEOUT.toNanos();
        while (!new String(Files.readAllBytes(install.resolve(name + ".out")), StandardCharsets.UTF_8).contains(text)) {
            if (!p.isAlive()) {
                fail("bin/tablemover exited (" + p.exitValue() + ") before printing '" + text + "'\n" + describe(name));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("'" + text + "' did not show within " + MOVE_TIMEOUT + "\n" + describe(name));
            }
            Thread.sleep(50);
        }
    }

    private static int await(Process p, String name) throws Exception {
        if (!p.waitFor(MOVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("bin/tablemover did not finish within " + MOVE_TIMEOUT + "\n" + describe(name));
        }
        return p.exitValue();
    }

    private static String describe(String name) throws Exception {
        // lenient: the log on stderr is written in the child's default charset
        return "---- stdout ----\n" + new String(Files.readAllBytes(install.resolve(name + ".out")), StandardCharsets.UTF_8)
                + "---- stderr ----\n" + new String(Files.readAllBytes(install.resolve(name + ".err")), StandardCharsets.UTF_8);
    }

    /** Inserts, updates (keys included) and deletes in both tables until stopped. */
    private static final class Load {
        private final MysqlServers.Server server;
        private final String db;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong writes = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private Thread thread;

        Load(MysqlServers.Server server, String db) {
            this.server = server;
            this.db = db;
        }

        void start() {
            thread = new Thread(() -> {
                try (Connection c = server.connect(db); Statement s = c.createStatement()) {
                    for (long n = 1; !stop.get(); n++) {
                        write(s, n);
                        writes.incrementAndGet();
                        Thread.sleep(3);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "charset-load");
            thread.start();
        }

        private static void write(Statement s, long n) throws SQLException {
            int id = 1 + ThreadLocalRandom.current().nextInt(ROWS);
            switch ((int) (n % 6)) {
                case 0 -> s.executeUpdate("INSERT INTO `naïve` VALUES (" + (10_000 + n) + ", 'inserted " + n + "')");
                case 1 -> s.executeUpdate("UPDATE `naïve` SET v = 'updated ü " + n + "' WHERE id = " + id);
                case 2 -> s.executeUpdate("UPDATE `naïve` SET id = " + (50_000 + n) + " WHERE id = " + id);
                case 3 -> s.executeUpdate("DELETE FROM `naïve` WHERE id = " + id);
                case 4 -> s.executeUpdate("UPDATE `日本語` SET 名前 = '変更" + n + "', n = n + 1 WHERE 名前 = '名前" + id + "'");
                default -> s.executeUpdate("DELETE FROM `日本語` WHERE 名前 = '名前" + id + "'");
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            if (thread != null) {
                thread.join(10_000);
            }
        }
    }
}
