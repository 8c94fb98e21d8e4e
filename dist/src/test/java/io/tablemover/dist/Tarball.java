package io.tablemover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tablemover.testing.MysqlServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The extracted product tarball and the helpers the tarball integration tests share: running
 * {@code bin/tablemover} as a separate OS process (to completion, or started and killed), the move account, and
 * reading tables back for row-by-row comparisons.
 */
final class Tarball {
    static final String VERSION = "0.1.0";
    /** The account the moves log in as; it has a real password, passed the documented way (environment). */
    static final String USER = "tm_user";
    static final String PASSWORD = "S3cr3t-pa55word!";
    /** The prefix of the run-state tables the engine keeps in the target database. */
    static final String STATE_PREFIX = "_tablemover_";

    /** The folder the tarball was extracted into (temporary files of the runs go there too). */
    final Path install;
    /** The extracted {@code tablemover-<version>/} folder. */
    final Path home;

    private Tarball(Path install, Path home) {
        this.install = install;
        this.home = home;
    }

    /**
     * Extracts {@code target/tablemover-<version>.tar.gz} (system property {@code tablemover.tarball}) into
     * {@code install} with {@code tar}.
     */
    static Tarball extract(Path install) throws Exception {
        Path tarball = Path.of(System.getProperty("tablemover.tarball", "target/tablemover-" + VERSION + ".tar.gz"))
                .toAbsolutePath();
        assertTrue(Files.isRegularFile(tarball), "no tarball at " + tarball + ": run `mvn package` first");
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", install.toString())
                .redirectErrorStream(true)
                .start();
        String tarOut = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS), "tar did not finish within 60 s");
        assertEquals(0, tar.exitValue(), "tar xzf " + tarball + " failed: " + tarOut);
        Path home = install.resolve("tablemover-" + VERSION);
        assertTrue(Files.isExecutable(home.resolve("bin/tablemover")), "bin/tablemover is not executable in " + home);
        return new Tarball(install, home);
    }

    /** @return the environment that passes {@link #PASSWORD} for both servers */
    static Map<String, String> passwords() {
        return Map.of("TABLEMOVER_SOURCE_PASSWORD", PASSWORD, "TABLEMOVER_TARGET_PASSWORD", PASSWORD);
    }

    /** The test fault injector the crash tests bind through {@code -Dtablemover.fault-injector}. */
    static final String FAULT_INJECTOR = "io.tablemover.testing.EnvFaultInjector";

    /**
     * @param faultPoint e.g. {@code renamed} or {@code chunk-copied:3}
     * @return {@link #passwords()} plus the environment that makes {@code bin/tablemover} block at
     *     {@code faultPoint}: {@code JAVA_OPTS} binding {@link #FAULT_INJECTOR} (production binds none) and
     *     {@code TABLEMOVER_FAULT_POINT}, which that injector reads
     */
    static Map<String, String> passwordsAndFaultAt(String faultPoint) {
        Map<String, String> env = new HashMap<>(passwords());
        env.put("JAVA_OPTS", "-Dtablemover.fault-injector=" + FAULT_INJECTOR);
        env.put("TABLEMOVER_FAULT_POINT", faultPoint);
        return env;
    }

    /** @return {@code jdbc:mysql://HOST:PORT/DB} of a fixture server */
    static String url(MysqlServers.Server server, String db) {
        return "jdbc:mysql://" + server.host() + ":" + server.port() + "/" + db;
    }

    // ---------------------------------------------------------------------------------------------------------
    // processes

    /**
     * What one run of {@code bin/tablemover} did.
     *
     * @param cmdlines the distinct {@code /proc/<pid>/cmdline} values seen while it ran (NULs as blanks)
     */
    record Result(int exitCode, String out, String err, long millis, List<String> cmdlines) {
        @Override
        public String toString() {
            return "exit " + exitCode + " after " + millis + " ms\n---- stdout ----\n" + out + "---- stderr ----\n" + err;
        }
    }

    /** A started {@code bin/tablemover}, its stdout and stderr going to files. */
    final class Running {
        final Process process;
        final List<String> args;
        final Path out;
        final Path err;
        final long startNanos;

        private Running(Process process, List<String> args, Path out, Path err, long startNanos) {
            this.process = process;
            this.args = args;
            this.out = out;
            this.err = err;
            this.startNanos = startNanos;
        }

        String out() throws IOException {
            return Files.readString(out);
        }

        String err() throws IOException {
            return Files.readString(err);
        }

        /**
         * Waits until stderr holds {@code text}.
         *
         * @throws AssertionError if the process exits first or the text does not show within {@code timeout}
         */
        void awaitStderr(String text, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (err().contains(text)) {
                    return;
                }
                if (!process.isAlive()) {
                    fail("bin/tablemover exited (" + process.exitValue() + ") before printing '" + text + "' on stderr\n"
                            + describe());
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    fail("'" + text + "' did not show on stderr within " + timeout + "\n" + describe());
                }
                Thread.sleep(20);
            }
        }

        /** SIGKILL (on Linux {@link Process#destroyForcibly()} sends SIGKILL), then waits for the process to be gone. */
        void kill() throws Exception {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the killed process did not go within 30 s");
        }

        /** Waits for the exit; kills and fails on timeout. */
        Result await(Duration timeout) throws Exception {
            if (!process.waitFor(Math.max(0, startNanos + timeout.toNanos() - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                fail("bin/tablemover " + String.join(" ", args) + " did not finish within " + timeout + "\n" + describe());
            }
            return new Result(process.exitValue(), out(), err(), (System.nanoTime() - startNanos) / 1_000_000, List.of());
        }

        String describe() throws IOException {
            return "---- bin/tablemover " + String.join(" ", args) + "\n---- stdout ----\n" + out() + "---- stderr ----\n" + err();
        }
    }

    /**
     * Starts {@code <home>/bin/tablemover args...} as a child process with {@code JAVA_HOME} set to this JVM's Java,
     * the passwords cleared from the inherited environment, then {@code extraEnv} added.
     */
    Running start(List<String> args, Map<String, String> extraEnv) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/tablemover").toString());
        command.addAll(args);
        Path out = Files.createTempFile(install, "stdout-", ".txt");
        Path err = Files.createTempFile(install, "stderr-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(install.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.remove("JAVA_OPTS");
        env.remove("TABLEMOVER_SOURCE_PASSWORD");
        env.remove("TABLEMOVER_TARGET_PASSWORD");
        env.remove("TABLEMOVER_FAULT_POINT");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(new HashMap<>(extraEnv));
        long start = System.nanoTime();
        return new Running(pb.start(), List.copyOf(args), out, err, start);
    }

    /**
     * Runs {@code bin/tablemover args...} to its exit (see {@link #start}), sampling its command line from
     * {@code /proc} until it exits; kills it and fails on timeout.
     */
    Result run(List<String> args, Map<String, String> extraEnv, Duration timeout) throws Exception {
        Running r = start(args, extraEnv);
        Process p = r.process;
        long deadline = r.startNanos + timeout.toNanos();
        // The launcher execs java, so the pid stays the same: first `sh bin/tablemover ...`, then `java ... Main ...`.
        Path cmdlineFile = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        Set<String> cmdlines = new LinkedHashSet<>();
        while (p.isAlive() && System.nanoTime() < deadline) {
            try {
                byte[] raw = Files.readAllBytes(cmdlineFile);
                if (raw.length > 0) {
                    cmdlines.add(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim());
                }
            } catch (IOException gone) {
                // exited between isAlive() and the read
            }
            p.waitFor(20, TimeUnit.MILLISECONDS);
        }
        Result done = r.await(timeout);
        return new Result(done.exitCode(), done.out(), done.err(), done.millis(), List.copyOf(cmdlines));
    }

    // ---------------------------------------------------------------------------------------------------------
    // databases

    /** Creates (or resets) {@code tm_user@'%'} with every privilege, replication included. */
    static void createMoveUser(MysqlServers.Server server) throws SQLException {
        try (Connection c = server.connect(null); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            s.execute("ALTER USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            s.execute("GRANT ALL ON *.* TO '" + USER + "'@'%'");
        }
    }

    /**
     * Every row of a table in key order, every column as its text form and its bytes; temporal values in UTC so
     * that the two servers' different time zones do not matter.
     */
    static List<List<String>> rows(MysqlServers.Server server, String db, String table, String orderBy)
            throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            try (ResultSet rs = s.executeQuery("SELECT * FROM `" + table + "` ORDER BY " + orderBy)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(md.getColumnCount());
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        byte[] bytes = rs.getBytes(i);
                        row.add(bytes == null ? null : md.getColumnName(i) + "=" + rs.getString(i)
                                + "/" + HexFormat.of().formatHex(bytes));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    static void assertRowsEqual(List<List<String>> expected, List<List<String>> actual, String table) {
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            List<String> e = i < expected.size() ? expected.get(i) : null;
            List<String> a = i < actual.size() ? actual.get(i) : null;
            if (!Objects.equals(e, a)) {
                diffs.add("#" + i + ": source " + e + " vs target " + a);
            }
        }
        assertTrue(diffs.isEmpty(), table + ": " + diffs.size() + " rows differ (source " + expected.size()
                + " rows, target " + actual.size() + "), e.g. " + diffs.subList(0, Math.min(3, diffs.size())));
    }

    /** @return every table of the database, run-state tables included */
    static Set<String> tables(MysqlServers.Server server, String db) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection c = server.connect(db);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** @return the tables of the database other than the engine's run-state tables ({@value #STATE_PREFIX}*) */
    static Set<String> userTables(MysqlServers.Server server, String db) throws SQLException {
        Set<String> names = tables(server, db);
        names.removeIf(n -> n.startsWith(STATE_PREFIX));
        return names;
    }

    static String ddl(MysqlServers.Server server, String db, String table) throws SQLException {
        try (Connection c = server.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW CREATE TABLE `" + table + "`")) {
            assertTrue(rs.next());
            return rs.getString(2);
        }
    }

    static String withoutAutoIncrement(String ddl) {
        return ddl.replaceAll(" AUTO_INCREMENT=\\d+", "");
    }
}
