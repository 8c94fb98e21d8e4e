package io.tablemover.engine.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.tablemover.testing.BundledPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12 on real servers: a move of three tables with {@code --reverse-window}, an application writing to the
 * target after the cutover (inserts, updates of values and of keys, deletes), then {@code revert}: the source gets its
 * tables back holding exactly the rows of the target (now {@code _t_rev}), and writes to the target's names fail. Also
 * each fault point of the reverse phase and of the revert (the process stops there, the revert is run again), and
 * {@code complete --drop-old-tables} with and without {@code --execute}.
 */
class ReverseIT {
    static final List<String> TABLES = List.of("items", "order_lines", "accounts");
    private static final Pattern WINDOW = Pattern.compile("write-unavailability window (\\d+) ms");

    private final MysqlServers servers = MysqlServers.get();

    @AfterEach
    void noFault() {
        FailingFaultInjector.clear();
    }

    /** A source database with the three tables seeded, and an empty target database. */
    private record Seeded(String src, String tgt) {}

    private Seeded seeded(String name) throws SQLException {
        String src = servers.source().createDatabase(name + "_src");
        String tgt = servers.target().createDatabase(name + "_tgt");
        try (Connection c = servers.source().connect(src)) {
            TargetLoad.seed(c);
        }
        return new Seeded(src, tgt);
    }

    /** A move with a reverse window, running in the background until it is reverted or completed. */
    private record Moving(String src, String tgt, CompletableFuture<MoveHarness.Run> run) {}

    private Moving moveInReverse(String name, String... extra) throws Exception {
        Seeded d = seeded(name);
        String src = d.src();
        String tgt = d.tgt();
        List<String> args = new ArrayList<>(List.of("--execute", "--reverse-window", "1h", "--checkpoint-interval", "1",
                "--status-interval-seconds", "1"));
        args.addAll(Arrays.asList(extra));
        CompletableFuture<MoveHarness.Run> run = InReverse.start(listener -> MoveHarness.move(src, tgt,
                String.join(",", TABLES), listener, args.toArray(String[]::new)));
        return new Moving(src, tgt, run);
    }

    static MoveHarness.Run command(String command, String src, String tgt, String... extra) {
        MysqlServers s = MysqlServers.get();
        List<String> args = new ArrayList<>(List.of(command, "--source", MoveHarness.url(s.source(), src),
                "--target", MoveHarness.url(s.target(), tgt), "--tables", String.join(",", TABLES),
                "--source-user", s.source().user(), "--target-user", s.target().user()));
        args.addAll(Arrays.asList(extra));
        return MoveHarness.run(args, Map.of("TABLEMOVER_SOURCE_PASSWORD", s.source().password(),
                "TABLEMOVER_TARGET_PASSWORD", s.target().password()), MoveListener.NONE);
    }

    @TempDir
    Path temp;

    @Test
    void revertGivesTheSourceEveryWriteMadeOnTheTarget() throws Exception {
        Path plugins = BundledPlugins.assemble(temp.resolve("plugins"), "hooks-shell");
        Path hooks = Files.createDirectories(temp.resolve("hooks"));
        Path events = temp.resolve("events.log");
        for (String event : List.of("success", "reverse-started", "before-revert", "reverted", "completed")) {
            Path hook = hooks.resolve("tablemover-on-" + event);
            Files.writeString(hook, "#!/bin/sh\necho \"$TABLEMOVER_EVENT\" >> '" + events + "'\n");
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path statuses = temp.resolve("status.log");
        Path statusHook = hooks.resolve("tablemover-on-status");
        Files.writeString(statusHook, "#!/bin/sh\necho \"$TABLEMOVER_PHASE $TABLEMOVER_BINLOG_LAG_MILLIS\" >> '" + statuses
                + "'\n");
        Files.setPosixFilePermissions(statusHook, PosixFilePermissions.fromString("rwxr-xr-x"));
        Moving m = moveInReverse("rev", "--hooks-path", hooks.toString(), "--plugins-dir", plugins.toString(),
                "--hooks-status-interval", "1");
        TargetLoad load = new TargetLoad(servers.target(), m.tgt());
        ReverseLag lag = new ReverseLag(servers, m.src(), m.tgt());
        lag.start();
        load.run(3_000, 300); // ~10 s at 300 writes/s
        lag.stop();
        System.out.println("REVERSE LAG under 300 writes/s on the target (" + load.writes() + " writes): " + lag.summary());

        long deletedId; // the highest id the target handed out, deleted again: the source must not hand it out
        try (Connection c = servers.target().connect(m.tgt()); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO items (note, qty) VALUES ('gone', 0)", Statement.RETURN_GENERATED_KEYS);
            try (ResultSet k = s.getGeneratedKeys()) {
                k.next();
                deletedId = k.getLong(1);
            }
            s.executeUpdate("DELETE FROM items WHERE id = " + deletedId);
        }

        MoveHarness.Run dry = command("revert", m.src(), m.tgt());
        assertEquals(ExitCode.OK.code(), dry.exitCode(), dry.out() + dry.err());
        assertTrue(dry.out().contains("would revert run") && dry.out().contains("reverse lag at the last checkpoint")
                && dry.out().contains("Run again with --execute"), dry.out());
        assertEquals(List.of("accounts", "items", "order_lines"), tables(servers.target(), m.tgt()).stream()
                .filter(TABLES::contains).sorted().toList(), "the dry run renames nothing");
        MoveHarness.Run revert = command("revert", m.src(), m.tgt(), "--execute");
        assertEquals(ExitCode.OK.code(), revert.exitCode(), revert.out() + revert.err());
        MoveHarness.Run moved = m.run().get(120, TimeUnit.SECONDS);
        assertEquals(ExitCode.OK.code(), moved.exitCode(), moved.out() + moved.err());
        assertReverted(m.src(), m.tgt());
        try (Connection c = servers.source().connect(m.src()); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO items (note, qty) VALUES ('back on the source', 0)", Statement.RETURN_GENERATED_KEYS);
            try (ResultSet k = s.getGeneratedKeys()) {
                k.next();
                assertTrue(k.getLong(1) > deletedId, "the source's AUTO_INCREMENT passed the target's: " + k.getLong(1)
                        + " > " + deletedId);
            }
        }
        Matcher w = WINDOW.matcher(moved.out());
        assertTrue(w.find(), "the revert prints its window: " + moved.out());
        System.out.println("REVERT WINDOW (target RENAME to source RENAME): " + w.group(1) + " ms");
        assertTrue(revert.out().contains("REVERTED"), revert.out());
        assertEquals(List.of("success", "reverse-started", "before-revert", "reverted"), Files.readAllLines(events),
                "the reverse events fire once each, in order");
        // status events go on during the window, with the reverse stream's lag
        assertTrue(Files.readAllLines(statuses).stream().anyMatch(l -> l.matches("(?i)reverse \\d+")),
                "a status event in phase REVERSE with the reverse lag: " + Files.readAllLines(statuses));
    }

    /**
     * The run stops at each fault point of the reverse phase and of the revert (the injector throws there, as a kill
     * would leave the state); {@code revert} run again finishes: the same end state, each RENAME run once.
     */
    @ParameterizedTest(name = "stopped at {0}")
    @ValueSource(strings = {"reversing", "revert-intent", "target-renamed", "reverse-drained", "source-renamed-back"})
    void aRevertStoppedAtAnyPointFinishesWhenRunAgain(String point) throws Exception {
        FailingFaultInjector.failAt(point);
        Moving m = moveInReverse("revf_" + point.replace('-', '_'));
        new TargetLoad(servers.target(), m.tgt()).run(600, 300);
        MoveHarness.Run revert = command("revert", m.src(), m.tgt(), "--execute");
        MoveHarness.Run moved = m.run().get(120, TimeUnit.SECONDS);
        assertTrue(FailingFaultInjector.failed(), "the fault point " + point + " was reached");
        assertNotEquals(ExitCode.OK.code(), moved.exitCode(), "the move stopped at " + point + ": " + moved.out());
        if (revert.exitCode() != ExitCode.OK.code()) {
            revert = command("revert", m.src(), m.tgt(), "--execute"); // the revert itself stopped at the point
        }
        assertEquals(ExitCode.OK.code(), revert.exitCode(), revert.out() + revert.err());
        assertReverted(m.src(), m.tgt());
        MoveHarness.Run again = command("revert", m.src(), m.tgt(), "--execute");
        assertEquals(ExitCode.OK.code(), again.exitCode(), again.err());
        assertTrue(again.out().contains("already reverted"), again.out());
    }

    @Test
    void completeDropsExactlyTheDelTablesOnlyWithExecute() throws Exception {
        Moving m = moveInReverse("revc");
        try (Connection c = servers.source().connect(m.src()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE keep_me (id INT PRIMARY KEY)");
            s.execute("CREATE TABLE _other_del (id INT PRIMARY KEY)");
        }
        new TargetLoad(servers.target(), m.tgt()).run(300, 300);
        List<String> before = tables(servers.source(), m.src());
        MysqlServers s = MysqlServers.get();
        MoveHarness.Run status = MoveHarness.run(List.of("status", "--target", MoveHarness.url(s.target(), m.tgt()),
                "--target-user", s.target().user()), Map.of("TABLEMOVER_TARGET_PASSWORD", s.target().password()),
                MoveListener.NONE);
        assertTrue(status.out().contains("phase REVERSE") && status.out().contains("reverse stream: applied ")
                && status.out().contains("window ends"), status.out());
        MoveHarness.Run cancel = command("cancel", m.src(), m.tgt(), "--execute");
        assertTrue(cancel.err().contains("'tablemover revert'"), cancel.err());

        MoveHarness.Run dry = command("complete", m.src(), m.tgt(), "--drop-old-tables");
        assertEquals(ExitCode.OK.code(), dry.exitCode(), dry.err());
        assertTrue(dry.out().contains("would complete") && dry.out().contains("would drop"), dry.out());
        assertEquals(before, tables(servers.source(), m.src()), "without --execute nothing is dropped");
        assertEquals("REVERSE", phase(m.tgt()), "without --execute the run goes on");

        MoveHarness.Run done = command("complete", m.src(), m.tgt(), "--drop-old-tables", "--execute");
        assertEquals(ExitCode.OK.code(), done.exitCode(), done.out() + done.err());
        MoveHarness.Run moved = m.run().get(60, TimeUnit.SECONDS);
        assertEquals(ExitCode.OK.code(), moved.exitCode(), moved.err());
        assertEquals("DONE", phase(m.tgt()));
        List<String> expected = new ArrayList<>(before);
        expected.removeAll(List.of("_items_del", "_order_lines_del", "_accounts_del"));
        assertEquals(List.of("_other_del", "keep_me"), expected);
        assertEquals(expected, tables(servers.source(), m.src()), "exactly the moved tables' _del tables are dropped");
        MoveHarness.Run revert = command("revert", m.src(), m.tgt(), "--execute");
        assertEquals(ExitCode.RUNTIME_FAILURE.code(), revert.exitCode(), revert.out());
        assertTrue(revert.err().contains("is complete"), revert.err());
    }

    /** A window that runs out completes the run by itself: the reverse stream stops, nothing is dropped. */
    @Test
    void theWindowsEndCompletesTheRun() throws Exception {
        Seeded d = seeded("revw");
        String src = d.src();
        String tgt = d.tgt();
        MoveHarness.Run run = MoveHarness.move(src, tgt, String.join(",", TABLES), MoveListener.NONE, "--execute",
                "--reverse-window", "3s");
        assertEquals(ExitCode.OK.code(), run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("completed: the reverse window ended at"), run.out());
        assertEquals("DONE", phase(tgt));
        assertTrue(tables(servers.source(), src).containsAll(List.of("_accounts_del", "_items_del", "_order_lines_del")));
    }

    /** The interactive {@code status} shows the reverse lag and the window's end; {@code revert} reverts the run. */
    @Test
    void theInteractiveRevertRevertsTheRun() throws Exception {
        Path socket = temp.resolve("reverse.sock");
        Moving m = moveInReverse("revi", "--serve-socket-file", socket.toString());
        new TargetLoad(servers.target(), m.tgt()).run(300, 300);
        String status = send(socket, "status");
        assertTrue(status.startsWith("reverse | reverse lag ") && status.contains("window ends"), status);
        assertTrue(send(socket, "revert").startsWith("revert requested"));
        MoveHarness.Run moved = m.run().get(120, TimeUnit.SECONDS);
        assertEquals(ExitCode.OK.code(), moved.exitCode(), moved.out() + moved.err());
        assertTrue(WINDOW.matcher(moved.out()).find(), moved.out());
        assertReverted(m.src(), m.tgt());
    }

    private static String send(Path socket, String line) throws java.io.IOException {
        try (java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(socket))) {
            c.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64 * 1024);
            while (c.read(buffer) >= 0) {
                // until the server closes the connection
            }
            return new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
    }

    @Test
    void theRevertNamesMustBeFreeOnTheTarget() throws Exception {
        Seeded d = seeded("revv");
        String src = d.src();
        String tgt = d.tgt();
        MoveHarness.Run dry = MoveHarness.move(src, tgt, String.join(",", TABLES), MoveListener.NONE, "--reverse-window",
                "1h30m");
        assertTrue(dry.out().contains("reverse window 1h30m after the cutover"), dry.out() + dry.err());
        try (Connection c = servers.target().connect(tgt); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE _items_rev (id INT PRIMARY KEY)");
        }
        MoveHarness.Run run = MoveHarness.move(src, tgt, String.join(",", TABLES), MoveListener.NONE, "--execute",
                "--reverse-window", "1h");
        assertEquals(ExitCode.VALIDATION_FAILED.code(), run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("_items_rev") && run.err().contains("already exists"), run.err());
    }

    /** The reverse stream reads the target's binlog: a target user without REPLICATION SLAVE/CLIENT fails validation. */
    @Test
    void aTargetUserWithoutReplicationPrivilegesFailsValidation() throws Exception {
        Seeded d = seeded("revp");
        String src = d.src();
        String tgt = d.tgt();
        try (Connection c = servers.target().connect(null); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'tm_norepl'@'%' IDENTIFIED BY 'N0-repl-pw'");
            s.execute("GRANT ALL ON `" + tgt + "`.* TO 'tm_norepl'@'%'");
        }
        MysqlServers x = MysqlServers.get();
        List<String> args = List.of("move", "--source", MoveHarness.url(x.source(), src), "--target",
                MoveHarness.url(x.target(), tgt), "--tables", String.join(",", TABLES), "--source-user", x.source().user(),
                "--target-user", "tm_norepl", "--reverse-window", "1h");
        Map<String, String> env = Map.of("TABLEMOVER_SOURCE_PASSWORD", x.source().password(),
                "TABLEMOVER_TARGET_PASSWORD", "N0-repl-pw");
        MoveHarness.Run run = MoveHarness.run(args, env, MoveListener.NONE);
        assertEquals(ExitCode.VALIDATION_FAILED.code(), run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("REPLICATION SLAVE (global)") && run.err().contains("REPLICATION CLIENT (global)"),
                run.err());
        List<String> without = new ArrayList<>(args);
        without.removeAll(List.of("--reverse-window", "1h"));
        MoveHarness.Run plain = MoveHarness.run(without, env, MoveListener.NONE);
        assertEquals(ExitCode.OK.code(), plain.exitCode(), "without --reverse-window the target needs no replication"
                + " privilege: " + plain.err());
    }

    /** The source holds the tables under their own names, row for row the target's _rev tables; the target refuses writes. */
    private void assertReverted(String src, String tgt) throws SQLException {
        assertEquals("REVERTED", phase(tgt));
        try (ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            for (String t : TABLES) {
                TableSchema schema = new SchemaReader(source.dsl()).read(src, t);
                RowComparer.Comparison cmp = RowComparer.compare(source, src, t, target, tgt, "_" + t + "_rev", schema);
                assertTrue(cmp.identical(), t + ": " + cmp.differences() + " rows differ, e.g. " + cmp.examples());
                assertTrue(cmp.leftRows() > 0, t + " is empty");
            }
        }
        assertEquals(List.of("accounts", "items", "order_lines"), tables(servers.source(), src));
        assertEquals(List.of("_accounts_rev", "_items_rev", "_order_lines_rev"),
                tables(servers.target(), tgt).stream().filter(t -> !t.startsWith("_tablemover")).toList());
        try (Connection c = servers.target().connect(tgt); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE items SET qty = 0 WHERE id = 1"));
            assertEquals(1146, e.getErrorCode(), e.getMessage());
        }
    }

    static List<String> tables(MysqlServers.Server server, String db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = server.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                     + db + "' ORDER BY table_name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private String phase(String tgt) throws SQLException {
        try (Connection c = servers.target().connect(tgt); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT phase FROM _tablemover_runs")) {
            assertTrue(rs.next(), "a run is stored");
            return rs.getString(1);
        }
    }
}
