package io.tablemover.dist;

import static io.tablemover.dist.Tarball.PASSWORD;
import static io.tablemover.dist.Tarball.USER;
import static io.tablemover.dist.Tarball.assertRowsEqual;
import static io.tablemover.dist.Tarball.createMoveUser;
import static io.tablemover.dist.Tarball.ddl;
import static io.tablemover.dist.Tarball.rows;
import static io.tablemover.dist.Tarball.tables;
import static io.tablemover.dist.Tarball.withoutAutoIncrement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.dist.Tarball.Result;
import io.tablemover.testing.MysqlServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged product, run as a user runs it: {@code target/tablemover-<version>.tar.gz} is extracted with
 * {@code tar}, and its {@code bin/tablemover} runs as a separate OS process (the launcher execs a fresh JVM with
 * only the tarball's {@code lib/} on its class path) against the two MySQL servers of {@link MysqlServers}.
 *
 * <p>The move logs in as a dedicated account with a real password rather than the fixture's password-less root,
 * so the password travels the documented way (environment variables) and the test can check that it shows up
 * neither in the process's command line nor in anything it prints.
 */
class TarballMoveIT {
    private static final int USERS_ROWS = 5_000;
    private static final int EVENTS_ROWS = 5_000;
    private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path install;

    private static Tarball tarball;

    @BeforeAll
    static void extractTarball() throws Exception {
        tarball = Tarball.extract(install);
    }

    @Test
    void movesTwoTablesBetweenTwoServersAsASeparateProcess() throws Exception {
        MysqlServers servers = MysqlServers.get();
        MysqlServers.Server source = servers.source();
        MysqlServers.Server target = servers.target();
        String sourceDb = source.createDatabase("tarball_src");
        String targetDb = target.createDatabase("tarball_tgt");
        createMoveUser(source);
        createMoveUser(target);
        seed(source, sourceDb);
        Map<String, List<List<String>>> before = Map.of(
                "users", rows(source, sourceDb, "users", "id"),
                "events", rows(source, sourceDb, "events", "user_id, seq"));
        Map<String, String> ddlBefore = Map.of(
                "users", ddl(source, sourceDb, "users"),
                "events", ddl(source, sourceDb, "events"));
        assertEquals(USERS_ROWS, before.get("users").size());
        assertEquals(EVENTS_ROWS, before.get("events").size());

        Result r = run(List.of("move",
                        "--source", "jdbc:mysql://" + source.host() + ":" + source.port() + "/" + sourceDb,
                        "--target", "jdbc:mysql://" + target.host() + ":" + target.port() + "/" + targetDb,
                        "--tables", "users,events",
                        "--source-user", USER,
                        "--target-user", USER,
                        "--execute"),
                Tarball.passwords(),
                MOVE_TIMEOUT);
        System.out.println("tarball move: exit " + r.exitCode() + " after " + r.millis() + " ms (process start to exit)");
        System.out.println("---- stdout ----\n" + r.out() + "---- stderr ----\n" + r.err() + "----");

        assertEquals(0, r.exitCode(), "bin/tablemover move failed:\n" + r);
        assertTrue(r.out().contains("done:"), "no 'done:' summary on stdout:\n" + r);
        assertTrue(r.out().contains("cutover window"), "no cutover window in the summary:\n" + r);
        Matcher done = Pattern.compile("(?m)^done: (\\d+) rows copied .*cutover window (\\d+) ms$").matcher(r.out());
        assertTrue(done.find(), "summary line not in the expected form:\n" + r.out());
        assertEquals(USERS_ROWS + EVENTS_ROWS, Long.parseLong(done.group(1)), "rows copied in: " + done.group());
        System.out.println("tarball move: " + done.group());

        // the password went through the environment only
        assertFalse(r.out().contains(PASSWORD), "the password is on stdout");
        assertFalse(r.err().contains(PASSWORD), "the password is on stderr");
        assertTrue(r.cmdlines().stream().anyMatch(c -> c.contains("io.tablemover.engine.cli.Main")),
                "never saw the java process's command line; samples: " + r.cmdlines());
        for (String cmdline : r.cmdlines()) {
            assertFalse(cmdline.contains(PASSWORD), "the password is in the process's command line: " + cmdline);
        }

        // source: the tables were renamed away at the cutover; target: the same rows and the same definition
        assertEquals(Set.of("_events_del", "_users_del"), tables(source, sourceDb), "tables left on the source");
        assertEquals(Set.of("events", "users", "_tablemover_journal", "_tablemover_runs", "_tablemover_schema_history",
                "_tablemover_tables", "_tablemover_verify"), tables(target, targetDb),
                "tables on the target: the moved ones and the run state");
        // the run state holds no password either
        try (Connection c = target.connect(targetDb); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CONCAT_WS('|', r.token, r.phase, r.last_error, r.tables, t.key_columns, t.low_key)"
                     + " FROM _tablemover_runs r JOIN _tablemover_tables t USING (token)")) {
            while (rs.next()) {
                assertFalse(rs.getString(1).contains(PASSWORD), "the password is in the run state");
                assertTrue(rs.getString(1).contains("|DONE|"), "the run is DONE: " + rs.getString(1));
            }
        }
        for (String t : List.of("users", "events")) {
            String key = t.equals("users") ? "id" : "user_id, seq";
            List<List<String>> twin = rows(source, sourceDb, "_" + t + "_del", key);
            List<List<String>> moved = rows(target, targetDb, t, key);
            assertEquals(before.get(t).size(), moved.size(), "rows of " + t + " on the target");
            assertEquals(before.get(t), twin, "_" + t + "_del holds the rows " + t + " had");
            assertRowsEqual(twin, moved, t);
            assertEquals(withoutAutoIncrement(ddlBefore.get(t)), withoutAutoIncrement(ddl(target, targetDb, t)),
                    "SHOW CREATE TABLE of " + t + " on the target");
        }
    }

    @Test
    void invalidInputExitsTwoWithOneLineNamingTheOption() throws Exception {
        Result r = run(List.of("move", "--source", "nope", "--target", "nope", "--tables", "t"), Map.of(), CLI_TIMEOUT);
        System.out.println("tarball invalid input: exit " + r.exitCode() + " after " + r.millis() + " ms");
        assertEquals(2, r.exitCode(), r.toString());
        List<String> errLines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, errLines.size(), "expected one error line on stderr:\n" + r);
        assertTrue(errLines.get(0).contains("--source"), "the error does not name --source: " + errLines.get(0));
        assertFalse(r.err().contains("at io.tablemover"), "stack trace on stderr:\n" + r);
        assertFalse(r.err().contains("Exception"), "exception on stderr:\n" + r);
        assertFalse(r.out().contains("Exception"), "exception on stdout:\n" + r);
    }

    @Test
    void helpListsEveryOptionAndTheExitCodes() throws Exception {
        Result r = run(List.of("move", "--help"), Map.of(), CLI_TIMEOUT);
        System.out.println("tarball --help: exit " + r.exitCode() + " after " + r.millis() + " ms");
        assertEquals(0, r.exitCode(), r.toString());
        String help = r.out() + r.err();
        for (String option : List.of("--source", "--target", "--tables", "--source-user", "--target-user",
                "--config", "--execute", "--chunk-size", "--copy-threads", "--postpone-cutover-flag-file",
                "--cutover-lock-timeout-seconds", "--cutover-drain-timeout-seconds", "--status-interval-seconds",
                "--help", "--version")) {
            assertTrue(Pattern.compile("(?<![\\w-])" + Pattern.quote(option) + "(?![\\w-])").matcher(help).find(),
                    "--help does not mention " + option + ":\n" + help);
        }
        assertTrue(help.contains("Exit codes:"), "--help has no exit code list:\n" + help);
        for (int code = 0; code <= 5; code++) {
            assertTrue(Pattern.compile("(?m)^\\s+" + code + "\\s+\\S").matcher(help).find(),
                    "--help does not explain exit code " + code + ":\n" + help);
        }
        assertTrue(help.contains("TABLEMOVER_SOURCE_PASSWORD"), "--help does not say where passwords come from");
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Result run(List<String> args, Map<String, String> extraEnv, Duration timeout) throws Exception {
        return tarball.run(args, extraEnv, timeout);
    }

    /**
     * {@code users}: BIGINT UNSIGNED AUTO_INCREMENT key, text with non-ASCII characters, NULLs, DECIMAL, DATETIME(6),
     * TIMESTAMP; {@code events}: composite (BIGINT UNSIGNED, INT) key, ENUM, JSON, VARBINARY.
     */
    private static void seed(MysqlServers.Server server, String db) throws SQLException {
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE users (
                      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
                      name VARCHAR(64) NOT NULL,
                      email VARCHAR(128) NULL,
                      balance DECIMAL(12,2) NOT NULL DEFAULT 0,
                      born DATETIME(6) NULL,
                      updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
                      PRIMARY KEY (id),
                      KEY ix_email (email)
                    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
            s.execute("""
                    CREATE TABLE events (
                      user_id BIGINT UNSIGNED NOT NULL,
                      seq INT NOT NULL,
                      kind ENUM('login','logout','purchase') NOT NULL,
                      payload JSON NULL,
                      digest VARBINARY(16) NULL,
                      PRIMARY KEY (user_id, seq)
                    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO users (name, email, balance, born, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= USERS_ROWS; i++) {
                    ps.setString(1, "user " + i + (i % 7 == 0 ? " Zoë ✓ 漢字" : ""));
                    ps.setString(2, i % 10 == 0 ? null : "user" + i + "@example.com");
                    ps.setBigDecimal(3, java.math.BigDecimal.valueOf(i * 137L % 1_000_000, 2));
                    ps.setString(4, i % 11 == 0 ? null : String.format("19%02d-%02d-%02d 12:34:56.%06d",
                            50 + i % 50, 1 + i % 12, 1 + i % 28, i));
                    ps.setString(5, String.format("2024-%02d-%02d %02d:%02d:%02d",
                            1 + i % 12, 1 + i % 28, i % 24, i % 60, (i * 7) % 60));
                    ps.addBatch();
                    if (i % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO events (user_id, seq, kind, payload, digest) VALUES (?, ?, ?, ?, UNHEX(MD5(?)))")) {
                String[] kinds = {"login", "logout", "purchase"};
                for (int i = 0; i < EVENTS_ROWS; i++) {
                    ps.setLong(1, 1 + i / 5);
                    ps.setInt(2, i % 5);
                    ps.setString(3, kinds[i % 3]);
                    ps.setString(4, i % 13 == 0 ? null : "{\"n\": " + i + ", \"tag\": \"t" + (i % 17) + "\"}");
                    ps.setString(5, "event " + i);
                    ps.addBatch();
                    if ((i + 1) % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
            }
            c.commit();
        }
    }
}
