package io.tablemover.dist;

import static io.tablemover.dist.Tarball.USER;
import static io.tablemover.dist.Tarball.assertRowsEqual;
import static io.tablemover.dist.Tarball.createMoveUser;
import static io.tablemover.dist.Tarball.rows;
import static io.tablemover.dist.Tarball.url;
import static io.tablemover.dist.Tarball.userTables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.dist.Tarball.Result;
import io.tablemover.dist.Tarball.Running;
import io.tablemover.testing.MysqlServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash safety of {@code --reverse-window} in the packaged product: the {@code move} process is SIGKILLed at each
 * fault point of the reverse phase and of the revert it carries out ({@code reversing}, {@code revert-intent},
 * {@code target-renamed}, {@code reverse-drained}, {@code source-renamed-back}); {@code revert} then finishes the run
 * (for the revert's points the {@code revert} already waiting for the killed process takes the run over). The end
 * state is always the same: the source holds the tables under their own names, row for row the target's
 * {@code _t_rev} tables, which hold every write the application made on the target; each RENAME ran once (a second
 * one would fail: its tables are gone).
 */
class ReverseKillIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final List<String> TABLES = List.of("items", "accounts");

    @TempDir
    static Path install;

    private static Tarball tarball;

    @BeforeAll
    static void extractTarball() throws Exception {
        tarball = Tarball.extract(install);
        createMoveUser(MysqlServers.get().source());
        createMoveUser(MysqlServers.get().target());
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"reversing", "revert-intent", "target-renamed", "reverse-drained", "source-renamed-back"})
    void aRevertFinishesAfterTheMoveIsKilled(String point) throws Exception {
        MysqlServers.Server source = MysqlServers.get().source();
        MysqlServers.Server target = MysqlServers.get().target();
        String src = source.createDatabase("rk_" + point.replace('-', '_') + "_src");
        String tgt = target.createDatabase("rk_" + point.replace('-', '_') + "_tgt");
        try (Connection c = source.connect(src); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40), qty INT)");
            s.execute("CREATE TABLE accounts (handle VARCHAR(64) NOT NULL PRIMARY KEY, balance INT)");
            for (int i = 1; i <= 500; i++) {
                s.addBatch("INSERT INTO items (note, qty) VALUES ('seed', " + i + ")");
                s.addBatch("INSERT INTO accounts VALUES ('u" + i + "', " + i + ")");
            }
            s.executeBatch();
        }
        List<String> options = List.of("--source", url(source, src), "--target", url(target, tgt),
                "--tables", String.join(",", TABLES), "--source-user", USER, "--target-user", USER);
        List<String> move = new ArrayList<>(List.of("move"));
        move.addAll(options);
        move.addAll(List.of("--execute", "--reverse-window", "1h", "--checkpoint-interval", "1"));
        Running moving = tarball.start(move, Tarball.passwordsAndFaultAt(point));
        List<String> revert = new ArrayList<>(List.of("revert"));
        revert.addAll(options);
        revert.add("--execute");

        Result reverted;
        if (point.equals("reversing")) {
            moving.awaitStderr("FAULT POINT reversing REACHED", TIMEOUT);
            moving.kill();
            write(target, tgt, 400);
            reverted = tarball.run(revert, Tarball.passwords(), TIMEOUT);
        } else {
            awaitPhase(target, tgt, "REVERSE", moving);
            write(target, tgt, 400);
            Running reverting = tarball.start(revert, Tarball.passwords());
            moving.awaitStderr("FAULT POINT " + point + " REACHED", TIMEOUT);
            moving.kill();
            reverted = reverting.await(TIMEOUT);
        }
        assertEquals(0, reverted.exitCode(), reverted.toString());
        assertEquals("REVERTED", phase(target, tgt), reverted.toString());
        for (String t : TABLES) {
            String key = t.equals("items") ? "id" : "handle";
            assertRowsEqual(rows(target, tgt, "_" + t + "_rev", key), rows(source, src, t, key), t);
        }
        assertEquals(Set.of("accounts", "items"), userTables(source, src));
        assertEquals(Set.of("_accounts_rev", "_items_rev"), userTables(target, tgt));
        System.out.println("REVERSE KILL " + point + ": reverted after the kill in " + reverted.millis() + " ms");
    }

    /** The application on the target: inserts, updates (also of the key), deletes. */
    private static void write(MysqlServers.Server target, String db, int count) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        try (Connection c = target.connect(db); Statement s = c.createStatement()) {
            for (int i = 0; i < count; i++) {
                int k = 1 + r.nextInt(500);
                String sql = switch (i % 6) {
                    case 0 -> "INSERT INTO items (note, qty) VALUES ('app', " + i + ")";
                    case 1 -> "UPDATE items SET qty = qty + 1, note = 'upd' WHERE id = " + k;
                    case 2 -> "UPDATE items SET id = id + 100000 WHERE id = " + k;
                    case 3 -> "DELETE FROM items WHERE id = " + k;
                    case 4 -> "UPDATE accounts SET handle = CONCAT(handle, 'x" + i + "') WHERE handle = 'u" + k + "'";
                    default -> "DELETE FROM accounts WHERE handle = 'u" + k + "'";
                };
                try {
                    s.executeUpdate(sql);
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1062) {
                        throw e;
                    }
                }
            }
        }
    }

    private static void awaitPhase(MysqlServers.Server target, String db, String phase, Running moving) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!phase.equals(phase(target, db))) {
            if (!moving.process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the move did not reach phase " + phase + "\n" + moving.describe());
            }
            Thread.sleep(100);
        }
    }

    private static String phase(MysqlServers.Server target, String db) throws SQLException {
        try (Connection c = target.connect(db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT phase FROM _tablemover_runs")) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {
                return null; // the run state does not exist yet
            }
            throw e;
        }
    }
}
