package io.tablemover.dist;

import static io.tablemover.dist.Tarball.assertRowsEqual;
import static io.tablemover.dist.Tarball.createMoveUser;
import static io.tablemover.dist.Tarball.passwords;
import static io.tablemover.dist.Tarball.rows;
import static io.tablemover.dist.Tarball.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.TestData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM reaching the packaged product ({@link Process#destroy()} sends SIGTERM on Linux; the launcher execs the
 * JVM, so the signal reaches it), issue 9 item 6. Before the fix the JVM's default handling applied: exit 143 and
 * not a word, in the copy as in the drain (where the source tables are already renamed and the operator is left
 * without the undo statement).
 *
 * <ul>
 *   <li>In the copy: the run stops cleanly with exit 4 and one line saying where it stopped and that the same
 *       command resumes it; the run state keeps phase COPY and the error; the same command then completes the move.</li>
 *   <li>In the drain (a fault point pauses the run there for 4 s): the run keeps draining, completes (exit 0) and
 *       prints its summary with the RENAME that gives the tables back.</li>
 * </ul>
 */
class SignalIT {
    private static final int ROWS = 20_000;

    @TempDir
    static Path install;

    private static Tarball tarball;

    @BeforeAll
    static void extractTarball() throws Exception {
        tarball = Tarball.extract(install);
    }

    private static List<String> move(MysqlServers servers, String src, String tgt, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("move",
                "--source", url(servers.source(), src), "--target", url(servers.target(), tgt),
                "--tables", "t", "--source-user", Tarball.USER, "--execute"));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void sigtermInTheCopyStopsCleanlyAndTheSameCommandResumes() throws Exception {
        MysqlServers servers = MysqlServers.get();
        String src = servers.source().createDatabase("sigterm_copy_src");
        String tgt = servers.target().createDatabase("sigterm_copy_tgt");
        createMoveUser(servers.source());
        createMoveUser(servers.target());
        try (Connection c = servers.source().connect(src)) {
            TestData.seed(c, ROWS);
        }
        List<String> args = move(servers, src, tgt, "--chunk-size", "100", "--copy-threads", "1");
        Tarball.Running run = tarball.start(args, passwords());
        awaitRowsCopied(servers, tgt, run);
        run.process.destroy(); // SIGTERM
        Tarball.Result stopped = run.await(Duration.ofSeconds(60));
        assertEquals(4, stopped.exitCode(), stopped.toString());
        assertTrue(stopped.err().contains("SIGTERM received: stopping cleanly"), stopped.toString());
        assertTrue(stopped.err().contains("move failed: stopped by SIGTERM at phase copy; the source tables are untouched;"
                + " run the same command again to resume"), stopped.toString());
        assertFalse(stopped.err().contains("\tat "), "no stack trace\n" + stopped);
        assertEquals("COPY", stateOf(servers, tgt, "phase"));
        assertTrue(stateOf(servers, tgt, "last_error").startsWith("stopped by SIGTERM at phase copy"));

        Tarball.Result resumed = tarball.run(args, passwords(), Duration.ofMinutes(2));
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertTrue(resumed.out().contains("resuming run"), resumed.toString());
        assertRowsEqual(rows(servers.source(), src, "_t_del", "id"), rows(servers.target(), tgt, "t", "id"), "t");
    }

    @Test
    void sigtermInTheDrainFinishesTheDrainAndPrintsTheUndoRename() throws Exception {
        MysqlServers servers = MysqlServers.get();
        String src = servers.source().createDatabase("sigterm_drain_src");
        String tgt = servers.target().createDatabase("sigterm_drain_tgt");
        createMoveUser(servers.source());
        createMoveUser(servers.target());
        try (Connection c = servers.source().connect(src)) {
            TestData.seed(c, 2_000);
        }
        Map<String, String> env = new HashMap<>(Tarball.passwordsAndFaultAt("draining"));
        env.put("TABLEMOVER_FAULT_PAUSE_MS", "4000");
        Tarball.Running run = tarball.start(move(servers, src, tgt), env);
        run.awaitStderr("FAULT POINT draining REACHED", Duration.ofSeconds(90));
        run.process.destroy(); // SIGTERM while the source tables are renamed and the drain has not finished
        Tarball.Result done = run.await(Duration.ofSeconds(90));
        assertEquals(0, done.exitCode(), done.toString());
        assertTrue(done.err().contains("SIGTERM received: stopping cleanly"), done.toString());
        assertTrue(done.out().contains("done: "), done.toString());
        assertTrue(done.out().contains("to give them back to the source: rename table `" + src + "`.`_t_del` to `"
                + src + "`.`t`;"), done.toString());
        assertEquals("DONE", stateOf(servers, tgt, "phase"));
        assertRowsEqual(rows(servers.source(), src, "_t_del", "id"), rows(servers.target(), tgt, "t", "id"), "t");
    }

    private static void awaitRowsCopied(MysqlServers servers, String tgt, Tarball.Running run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && run.process.isAlive()) {
            String copied = stateOrNull(servers, tgt, "select sum(rows_copied) from _tablemover_tables");
            if (copied != null && Long.parseLong(copied) > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the copy did not start\n" + run.describe());
    }

    private static String stateOf(MysqlServers servers, String tgt, String column) throws Exception {
        return stateOrNull(servers, tgt, "select " + column + " from _tablemover_runs");
    }

    private static String stateOrNull(MysqlServers servers, String tgt, String sql) throws Exception {
        try (Connection c = servers.target().connect(tgt); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (java.sql.SQLException e) {
            return null; // the state tables do not exist yet
        }
    }
}
