package io.tablemover.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MoveHarness.Run;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.MysqlServers.Server;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One test per reason validation refuses a move (exit code 3), plus invalid input (exit code 2).
 *
 * <p>Every validation test sets up a move that is valid but for exactly one thing, runs the command line
 * (a dry run: validation is the same with and without {@code --execute}, but without it nothing could be
 * changed by the later phases either) and checks that
 * <ul>
 *   <li>the exit code is 3 and stderr holds exactly one {@code validation failed:} line naming the table or
 *       setting, followed by {@code nothing was changed on either server};</li>
 *   <li>nothing was written on either server: the tables of the databases involved and
 *       {@code @@global.gtid_executed} of both servers are the same before and after.</li>
 * </ul>
 * Tests that change global variables ({@code binlog_format}, {@code binlog_row_image}, {@code read_only}) reset
 * them in a {@code finally}: the servers are shared by every test of the JVM (tests run sequentially).
 */
class ValidationIT {
    private static final String TABLE_DDL = "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))";
    private static final String TABLE_ROWS = "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')";

    private static Server source;
    private static Server target;

    @BeforeAll
    static void servers() {
        source = MysqlServers.get().source();
        target = MysqlServers.get().target();
    }

    // ---------------------------------------------------------------- tables

    @Test
    void missingTable() throws SQLException {
        Dbs d = validSetup("val_missing");
        Run run = moveUnchanged(d, "t,nosuch");
        assertOneProblem(run, "table nosuch: ", "does not exist in source database " + d.src);
    }

    @Test
    void viewIsRefused() throws SQLException {
        Dbs d = validSetup("val_view");
        exec(source, d.src, "CREATE VIEW v AS SELECT id, v FROM t");
        Run run = moveUnchanged(d, "v");
        assertOneProblem(run, "table v: ", "is a VIEW, not a base table");
    }

    @Test
    void tableWithoutUsableKey() throws SQLException {
        Dbs d = validSetup("val_nokey");
        exec(source, d.src,
                "CREATE TABLE nk (id INT NULL, v VARCHAR(10), UNIQUE KEY uk_id (id))",
                "INSERT INTO nk VALUES (1, 'a'), (NULL, 'b'), (NULL, 'c')");
        Run run = moveUnchanged(d, "t,nk");
        assertOneProblem(run, "table nk: ", "has no PRIMARY KEY and no UNIQUE key of NOT NULL columns", "fix: add a primary key");
    }

    @Test
    void foreignKeyOutOfMovedTable() throws SQLException {
        Dbs d = validSetup("val_fk_out");
        createParentChild(d.src);
        Run run = moveUnchanged(d, "child");
        assertOneProblem(run, "table child: ", "foreign key fk_child_parent from " + d.src + ".child to "
                + d.src + ".parent", "DROP FOREIGN KEY `fk_child_parent`");
    }

    @Test
    void foreignKeyIntoMovedTable() throws SQLException {
        Dbs d = validSetup("val_fk_in");
        createParentChild(d.src);
        Run run = moveUnchanged(d, "parent");
        assertOneProblem(run, "table parent: ", "foreign key fk_child_parent from " + d.src + ".child to "
                + d.src + ".parent");
    }

    @Test
    void trigger() throws SQLException {
        Dbs d = validSetup("val_trigger");
        exec(source, d.src, "CREATE TRIGGER trg_t BEFORE INSERT ON t FOR EACH ROW SET NEW.v = UPPER(NEW.v)");
        Run run = moveUnchanged(d, "t");
        assertOneProblem(run, "table t: ", "has trigger trg_t", "DROP TRIGGER `trg_t`");
    }

    @Test
    void targetTableAlreadyExists() throws SQLException {
        Dbs d = validSetup("val_tgt_exists");
        exec(target, d.tgt, "CREATE TABLE t (id INT PRIMARY KEY)");
        Run run = moveUnchanged(d, "t");
        assertOneProblem(run, "target table " + d.tgt + ".t: ", "already exists");
    }

    @Test
    void sourceDeletedNameTaken() throws SQLException {
        Dbs d = validSetup("val_del_exists");
        exec(source, d.src, "CREATE TABLE _t_del (id INT PRIMARY KEY)");
        Run run = moveUnchanged(d, "t");
        assertOneProblem(run, "source table " + d.src + "._t_del: ", "already exists");
    }

    @Test
    void targetDatabaseMissing() throws SQLException {
        Dbs d = validSetup("val_tgt_db");
        String missing = "tm_nodb_" + String.format("%08x", ThreadLocalRandom.current().nextInt());
        Dbs moved = new Dbs(d.src, missing);
        Run run = moveUnchanged(moved, "t");
        assertOneProblem(run, "target database " + missing + ": ", "does not exist", "CREATE DATABASE `" + missing + "`");
    }

    /**
     * Issue 9, item 8: a user without rights on a target database that does not exist gets error 1044 ("access
     * denied ... to database"), not 1049. Validation must name the database and the user with the GRANT that fixes
     * it, and return at once instead of waiting out the pool's 10 s connection timeout.
     *
     * <p>Before the fix this failed (checked by restoring the old {@code validate/ServerChecks.java} and
     * {@code mysql/ServerPool.java}): the line was "cannot connect as ...: Access denied ...; fix: check that the
     * server is up and ..."; with only the old ServerPool, the dry run took 11.7 s (the run-state lookup before
     * validation waited out the pool's connection timeout).
     */
    @Test
    void targetDatabaseMissingForAUserWithoutRightsOnIt() throws SQLException {
        Dbs d = validSetup("val_tgt_db_denied");
        String missing = "tm_nodb_" + String.format("%08x", ThreadLocalRandom.current().nextInt());
        String user = "tm_norights_" + String.format("%08x", ThreadLocalRandom.current().nextInt());
        String password = "pw-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        exec(target, null, "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
        try {
            Snapshot before = snapshot(new Dbs(d.src, missing));
            long start = System.nanoTime();
            Run run = MoveHarness.run(List.of("move",
                    "--source", MoveHarness.url(source, d.src),
                    "--target", MoveHarness.url(target, missing),
                    "--tables", "t",
                    "--source-user", source.user(),
                    "--target-user", user), Map.of(
                    "TABLEMOVER_SOURCE_PASSWORD", source.password(),
                    "TABLEMOVER_TARGET_PASSWORD", password), MoveListener.NONE);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(before, snapshot(new Dbs(d.src, missing)), "a failed validation changed something");
            String line = assertOneProblem(run, "target database " + missing + ": ",
                    "does not exist or user '" + user + "'@'%' may not use it",
                    "CREATE DATABASE `" + missing + "`", "GRANT ", " ON `" + missing + "`.* TO '" + user + "'@'%'");
            assertFalse(run.err().contains("cannot connect"), run::toString);
            System.out.println("ValidationIT: " + line + " (" + millis + " ms)");
            assertTrue(millis < 5_000, "validation took " + millis + " ms (the pool's connection timeout is 10 s)");
        } finally {
            exec(target, null, "DROP USER '" + user + "'@'%'");
        }
    }

    // ---------------------------------------------------------------- server settings

    @Test
    void targetReadOnly() throws SQLException {
        Dbs d = validSetup("val_read_only");
        try {
            exec(target, null, "SET GLOBAL read_only = ON");
            Run run = moveUnchanged(d, "t");
            assertOneProblem(run, "target read_only: ", "is ON");
        } finally {
            exec(target, null, "SET GLOBAL read_only = OFF");
        }
        assertEquals("0", query(target, "SELECT @@global.read_only"));
    }

    @Test
    void sourceBinlogFormatStatement() throws SQLException {
        Dbs d = validSetup("val_binlog_format");
        try {
            exec(source, null, "SET GLOBAL binlog_format = 'STATEMENT'");
            Run run = moveUnchanged(d, "t");
            assertOneProblem(run, "source binlog_format: ", "is STATEMENT, tablemover needs ROW");
        } finally {
            exec(source, null, "SET GLOBAL binlog_format = 'ROW'");
        }
        assertEquals("ROW", query(source, "SELECT @@global.binlog_format"));
    }

    @Test
    void sourceBinlogRowImageMinimal() throws SQLException {
        Dbs d = validSetup("val_row_image");
        try {
            exec(source, null, "SET GLOBAL binlog_row_image = 'MINIMAL'");
            Run run = moveUnchanged(d, "t");
            assertOneProblem(run, "source binlog_row_image: ", "is MINIMAL, tablemover needs FULL");
        } finally {
            exec(source, null, "SET GLOBAL binlog_row_image = 'FULL'");
        }
        assertEquals("FULL", query(source, "SELECT @@global.binlog_row_image"));
    }

    // ---------------------------------------------------------------- users and connections

    @Test
    void missingPrivileges() throws SQLException {
        Dbs d = validSetup("val_privileges");
        String user = "tm_limited_" + String.format("%08x", ThreadLocalRandom.current().nextInt());
        String password = "pw-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        exec(source, null,
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                "GRANT SELECT ON `" + d.src + "`.* TO '" + user + "'@'%'");
        try {
            Snapshot before = snapshot(d);
            Run run = MoveHarness.run(List.of("move",
                    "--source", MoveHarness.url(source, d.src),
                    "--target", MoveHarness.url(target, d.tgt),
                    "--tables", "t",
                    "--source-user", user,
                    "--target-user", target.user()), Map.of(
                    "TABLEMOVER_SOURCE_PASSWORD", password,
                    "TABLEMOVER_TARGET_PASSWORD", target.password()), MoveListener.NONE);
            assertEquals(before, snapshot(d), "a failed validation changed something");
            String line = assertOneProblem(run, "source user " + user + "@%: ", "lacks privileges",
                    "REPLICATION SLAVE (global)", "REPLICATION CLIENT (global)", "ALTER on " + d.src + ".t");
            assertFalse(line.contains("SELECT on"), "SELECT was granted: " + line);
            assertFalse(run.out().contains(password) || run.err().contains(password), "password printed");
        } finally {
            exec(source, null, "DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void unreachableSource() throws SQLException, IOException {
        Dbs d = validSetup("val_unreachable");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        Snapshot before = snapshot(d);
        Run run = MoveHarness.run(List.of("move",
                "--source", "jdbc:mysql://127.0.0.1:" + closedPort + "/" + d.src,
                "--target", MoveHarness.url(target, d.tgt),
                "--tables", "t",
                "--source-user", source.user(),
                "--target-user", target.user()), Map.of(
                "TABLEMOVER_SOURCE_PASSWORD", source.password(),
                "TABLEMOVER_TARGET_PASSWORD", target.password()), MoveListener.NONE);
        assertEquals(before, snapshot(d), "a failed validation changed something");
        assertOneProblem(run, "source 127.0.0.1:" + closedPort + ": ", "cannot connect as " + source.user(),
                "TABLEMOVER_SOURCE_PASSWORD");
    }

    @Test
    void wrongPassword() throws SQLException {
        Dbs d = validSetup("val_password");
        String wrong = "wrong-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Snapshot before = snapshot(d);
        Run run = MoveHarness.run(List.of("move",
                "--source", MoveHarness.url(source, d.src),
                "--target", MoveHarness.url(target, d.tgt),
                "--tables", "t",
                "--source-user", source.user(),
                "--target-user", target.user()), Map.of(
                "TABLEMOVER_SOURCE_PASSWORD", wrong,
                "TABLEMOVER_TARGET_PASSWORD", target.password()), MoveListener.NONE);
        assertEquals(before, snapshot(d), "a failed validation changed something");
        assertOneProblem(run, "source " + source.host() + ":" + source.port() + ": ",
                "cannot connect as " + source.user(), "Access denied");
        assertFalse(run.out().contains(wrong) || run.err().contains(wrong), "password printed");
    }

    // ---------------------------------------------------------------- invalid input (exit code 2)

    @Test
    void malformedSourceUrl() throws SQLException {
        Dbs d = validSetup("val_bad_url");
        Snapshot before = snapshot(d);
        Run run = MoveHarness.run(List.of("move",
                "--source", "mysql://" + source.host() + ":" + source.port(),
                "--target", MoveHarness.url(target, d.tgt),
                "--tables", "t",
                "--source-user", source.user()), Map.of(), MoveListener.NONE);
        assertEquals(ExitCode.INVALID_INPUT.code(), run.exitCode(), run::toString);
        assertTrue(run.err().contains("--source must look like jdbc:mysql://HOST:PORT/DATABASE"), run::toString);
        assertFalse(run.err().contains("validation failed"), run::toString);
        assertEquals(before, snapshot(d));
    }

    @Test
    void chunkSizeZero() throws SQLException {
        Dbs d = validSetup("val_chunk0");
        Snapshot before = snapshot(d);
        Run run = MoveHarness.move(d.src, d.tgt, "t", MoveListener.NONE, "--chunk-size", "0");
        assertEquals(ExitCode.INVALID_INPUT.code(), run.exitCode(), run::toString);
        assertTrue(run.err().contains("--chunk-size"), run::toString);
        assertFalse(run.err().contains("validation failed"), run::toString);
        assertEquals(before, snapshot(d));
    }

    // ---------------------------------------------------------------- helpers

    /** A source and a target database of one test. */
    private record Dbs(String src, String tgt) {}

    /** What must not change: tables (and whether the databases exist) on both servers, and both GTID sets. */
    private record Snapshot(List<String> sourceObjects, List<String> targetObjects, String sourceGtids, String targetGtids) {}

    /** Fresh databases with a valid table {@code t} (PRIMARY KEY, 3 rows) in the source database. */
    private static Dbs validSetup(String prefix) throws SQLException {
        String src = source.createDatabase(prefix + "_src");
        String tgt = target.createDatabase(prefix + "_tgt");
        exec(source, src, TABLE_DDL, TABLE_ROWS);
        return new Dbs(src, tgt);
    }

    private static void createParentChild(String db) throws SQLException {
        exec(source, db,
                "CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(10))",
                "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL,"
                        + " CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id))",
                "INSERT INTO parent VALUES (1, 'p1'), (2, 'p2')",
                "INSERT INTO child VALUES (10, 1), (11, 1), (12, 2)");
    }

    /** Runs a dry-run move and asserts that it changed nothing on either server. */
    private static Run moveUnchanged(Dbs d, String tables, String... extra) throws SQLException {
        Snapshot before = snapshot(d);
        Run run = MoveHarness.move(d.src, d.tgt, tables, MoveListener.NONE, extra);
        assertEquals(before, snapshot(d), () -> "a failed validation changed something; run: " + run);
        return run;
    }

    /**
     * Asserts exit code 3, exactly one problem line, containing every expected substring, and the closing line.
     *
     * @return the problem line
     */
    private static String assertOneProblem(Run run, String subject, String... expected) {
        assertEquals(ExitCode.VALIDATION_FAILED.code(), run.exitCode(), run::toString);
        List<String> lines = Arrays.stream(run.err().split("\\R")).filter(l -> !l.isBlank()).toList();
        List<String> problems = lines.stream().filter(l -> l.startsWith("validation failed: ")).toList();
        assertEquals(1, problems.size(), () -> "expected exactly one problem: " + run);
        String line = problems.get(0);
        assertTrue(line.startsWith("validation failed: " + subject), () -> "subject '" + subject + "' not in: " + line);
        assertTrue(line.contains("; fix: "), () -> "no fix in: " + line);
        for (String e : expected) {
            assertTrue(line.contains(e), () -> "'" + e + "' not in: " + line);
        }
        assertEquals("nothing was changed on either server", lines.get(lines.size() - 1), run::toString);
        assertFalse(run.out().contains("dry run: nothing was changed"), run::toString);
        return line;
    }

    private static Snapshot snapshot(Dbs d) throws SQLException {
        return new Snapshot(objects(source, d), objects(target, d),
                query(source, "SELECT @@global.gtid_executed"), query(target, "SELECT @@global.gtid_executed"));
    }

    /** The test's databases that exist on a server, and their tables with types. */
    private static List<String> objects(Server server, Dbs d) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection c = server.connect(null); Statement s = c.createStatement()) {
            String in = "('" + d.src + "', '" + d.tgt + "')";
            try (ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA"
                    + " WHERE SCHEMA_NAME IN " + in + " ORDER BY SCHEMA_NAME")) {
                while (rs.next()) {
                    result.add("database " + rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA IN " + in + " ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
                while (rs.next()) {
                    result.add(rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        return result;
    }

    private static void exec(Server server, String db, String... sqls) throws SQLException {
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            for (String sql : sqls) {
                s.execute(sql);
            }
        }
    }

    private static String query(Server server, String sql) throws SQLException {
        try (Connection c = server.connect(null); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
