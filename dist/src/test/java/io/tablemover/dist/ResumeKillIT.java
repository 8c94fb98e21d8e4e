package io.tablemover.dist;

import static io.tablemover.dist.Tarball.USER;
import static io.tablemover.dist.Tarball.assertRowsEqual;
import static io.tablemover.dist.Tarball.createMoveUser;
import static io.tablemover.dist.Tarball.rows;
import static io.tablemover.dist.Tarball.tables;
import static io.tablemover.dist.Tarball.url;
import static io.tablemover.dist.Tarball.userTables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tablemover.dist.Tarball.Result;
import io.tablemover.dist.Tarball.Running;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.testing.MysqlServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash safety of the packaged product: a move killed with SIGKILL at each of the engine's test-only fault points
 * ({@code TABLEMOVER_FAULT_POINT}, read by the injector {@link Tarball#passwordsAndFaultAt} binds) finishes when the same command runs again: it resumes the stored run (except
 * after {@code validated}, where nothing was stored yet), does not copy again what was copied, runs the RENAME once,
 * and ends with the target holding exactly the source's rows, writes made around the kill included.
 *
 * <p>Every kill point runs in its own databases with three tables of different key shapes: {@code items}
 * (BIGINT UNSIGNED AUTO_INCREMENT), {@code order_lines} (INT, VARCHAR(32)) and {@code accounts} (VARCHAR(64) plus a
 * UNIQUE key), ~3,000 rows each, copied in 200-row chunks. During the killed run of the mid-copy point a write load
 * (inserts, updates also of key columns, deletes) runs on the source; for every point before the RENAME more writes
 * follow between the kill and the rerun; at {@code waiting-cutover} the rerun is held by
 * {@code --postpone-cutover-flag-file} while yet more writes land, then released.
 *
 * <p>Prints one {@code KILL POINT ...} line per point with the figures (state at the kill, time to finish, rows
 * copied again).
 */
class ResumeKillIT {
    private static final int ROWS = 3_000;
    private static final int CHUNK = 200;
    private static final Duration FAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
    private static final int WRITES_PER_SECOND = 300;
    /** Writes made on the source between the kill and the rerun (points before the RENAME). */
    private static final int WRITES_AFTER_KILL = 300;

    /** The moved tables, with their keys in the order the key sorts (ORDER BY / row comparison). */
    private static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("items", List.of("id"));
        KEYS.put("order_lines", List.of("order_id", "code"));
        KEYS.put("accounts", List.of("handle"));
    }

    /** Kill points after which the source tables are renamed: writes to them fail with error 1146. */
    private static final Set<String> AFTER_RENAME = Set.of("renamed", "draining", "drained");

    /** The phase the stored run is in when each fault point is reached; null: nothing is stored yet. */
    private static final Map<String, String> PHASE_AT = new HashMap<>();

    static {
        PHASE_AT.put("validated", null);
        PHASE_AT.put("created", "CREATE");
        PHASE_AT.put("chunk-copied", "COPY");
        PHASE_AT.put("indexes-added", "ADD_INDEXES");
        PHASE_AT.put("chunk-verified", "VERIFY");
        PHASE_AT.put("waiting-cutover", "WAIT_CUTOVER");
        PHASE_AT.put("cutover-intent", "CUTOVER");
        PHASE_AT.put("renamed", "CUTOVER");
        PHASE_AT.put("draining", "DRAIN");
        PHASE_AT.put("drained", "DRAIN");
    }

    private static final List<String> SUMMARY = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    static Path install;

    private static Tarball tarball;

    @BeforeAll
    static void extractTarball() throws Exception {
        tarball = Tarball.extract(install);
        createMoveUser(MysqlServers.get().source());
        createMoveUser(MysqlServers.get().target());
    }

    @AfterAll
    static void printSummary() {
        System.out.println("---- resume after SIGKILL, per kill point ----");
        SUMMARY.forEach(System.out::println);
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"validated", "created", "chunk-copied:7", "indexes-added", "chunk-verified", "waiting-cutover",
            "cutover-intent", "renamed", "draining", "drained"})
    void resumesAfterSigkill(String faultPoint) throws Exception {
        String point = faultPoint.split(":")[0];
        // -Dtablemover.killPoints=renamed,draining runs only those (e.g. to repeat one); all by default
        String only = System.getProperty("tablemover.killPoints", "");
        Assumptions.assumeTrue(only.isBlank() || List.of(only.split(",")).contains(point),
                "kill point " + point + " not in -Dtablemover.killPoints=" + only);
        MysqlServers.Server source = MysqlServers.get().source();
        MysqlServers.Server target = MysqlServers.get().target();
        String sourceDb = source.createDatabase("kill_" + point + "_src");
        String targetDb = target.createDatabase("kill_" + point + "_tgt");
        seed(source, sourceDb);

        boolean midCopy = point.equals("chunk-copied");
        boolean postpone = point.equals("waiting-cutover");
        Path flag = install.resolve("postpone-" + targetDb);
        List<String> args = new ArrayList<>(List.of("move",
                "--source", url(source, sourceDb),
                "--target", url(target, targetDb),
                "--tables", String.join(",", KEYS.keySet()),
                "--source-user", USER,
                "--target-user", USER,
                "--execute",
                "--chunk-size", Integer.toString(CHUNK)));
        if (postpone) {
            args.addAll(List.of("--postpone-cutover-flag-file", flag.toString()));
            Files.writeString(flag, "hold");
        }

        // 1. the run, killed at the fault point (under a write load for the mid-copy point)
        long started = System.nanoTime();
        Load load = new Load(source, sourceDb);
        if (midCopy) {
            load.startBackground(WRITES_PER_SECOND);
        }
        Running first = tarball.start(args, Tarball.passwordsAndFaultAt(faultPoint));
        try {
            first.awaitStderr("FAULT POINT " + point + " REACHED", FAULT_TIMEOUT);
        } finally {
            load.stopBackground();
        }
        first.kill();
        long killedAt = System.nanoTime();
        String firstOutput = first.describe();
        if (midCopy) {
            assertTrue(load.writes() > 0, "the write load made no write during the killed run");
            System.out.println("kill " + faultPoint + ": " + load.writes() + " writes during the killed run");
        }
        assertEquals(List.of(), load.unexpectedErrors(), "unexpected errors of the write load");

        // 2. the state the kill left
        Optional<RunState> atKill = readState(target, targetDb);
        String expectedPhase = PHASE_AT.get(point);
        if (expectedPhase == null) {
            assertTrue(atKill.isEmpty(), "a run is stored although the run was killed at " + point + ": " + atKill
                    + "\n" + firstOutput);
        } else {
            assertTrue(atKill.isPresent(), "no run stored after the kill at " + point + "\n" + firstOutput);
            assertEquals(expectedPhase, atKill.get().phase(), "phase stored at " + point + "\n" + firstOutput);
        }
        if (midCopy) {
            RunState s = atKill.orElseThrow();
            assertTrue(s.rowsCopied() > 0, "nothing copied at the mid-copy kill: " + s);
            assertFalse(s.tables().values().stream().allMatch(TableState::done), "every table copied at the mid-copy kill: " + s);
        }

        // 3. writes between the kill and the rerun: they must reach the target through the resumed stream; after the
        //    RENAME the source tables are gone, so writes fail
        if (AFTER_RENAME.contains(point)) {
            try (Connection c = source.connect(sourceDb); Statement s = c.createStatement()) {
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> s.executeUpdate("UPDATE items SET note = 'too late' WHERE id = 1"));
                assertEquals(1146, e.getErrorCode(), "a write to a renamed table: " + e.getMessage());
            }
        } else {
            load.run(WRITES_AFTER_KILL);
            assertEquals(List.of(), load.unexpectedErrors(), "unexpected errors of the writes after the kill");
        }

        // 4. the same command again, without the fault point
        Running rerun = tarball.start(args, Tarball.passwords());
        if (postpone) {
            // the resumed run honours the flag file too; writes while it waits reach the target before the cutover
            awaitStdout(rerun, "cutover postponed", MOVE_TIMEOUT);
            load.run(WRITES_AFTER_KILL);
            assertEquals(List.of(), load.unexpectedErrors(), "unexpected errors of the writes while postponed");
            Files.delete(flag);
        }
        Result r = rerun.await(MOVE_TIMEOUT);
        long finished = System.nanoTime();
        assertEquals(0, r.exitCode(), "the rerun after the kill at " + faultPoint + " failed:\n" + r
                + "\n==== the killed run ====\n" + firstOutput);
        assertFalse(r.err().contains("move failed"), "the rerun reports a failure:\n" + r);
        if (AFTER_RENAME.contains(point)) {
            // the RENAME ran in the killed run: the rerun finds the tables renamed and must not run it again
            assertTrue(r.err().contains("the source tables are already renamed"), "the rerun did not see the RENAME:\n" + r);
            assertFalse(r.err().contains("cutover: source tables renamed in"), "the rerun ran the RENAME again:\n" + r);
            assertFalse(r.err().contains("RENAME on the source failed"), "the rerun tried the RENAME again:\n" + r);
        }
        Matcher resuming = Pattern.compile("(?m)^resuming run (\\w+): phase (\\w+), (\\d+) rows copied so far$").matcher(r.out());
        if (atKill.isEmpty()) {
            assertFalse(r.out().contains("resuming run"), "nothing was stored, yet the rerun resumes:\n" + r);
            assertTrue(Pattern.compile("(?m)^run \\w+ started").matcher(r.out()).find(), "no 'run ... started':\n" + r);
        } else {
            assertTrue(resuming.find(), "the rerun does not say 'resuming run':\n" + r);
            assertEquals(atKill.get().token(), resuming.group(1), "token of the resumed run");
            assertEquals(atKill.get().phase(), resuming.group(2), "phase the rerun resumes from");
            assertEquals(atKill.get().rowsCopied(), Long.parseLong(resuming.group(3)), "rows copied so far, as printed");
        }
        Matcher done = Pattern.compile("(?m)^done: (\\d+) rows copied \\((.*)\\), .*cutover window (\\d+) ms$").matcher(r.out());
        assertTrue(done.find(), "no 'done:' summary:\n" + r);

        // 5. the source tables are renamed away; the target holds exactly their rows
        assertEquals(KEYS.keySet().stream().map(t -> "_" + t + "_del").collect(Collectors.toSet()),
                userTables(source, sourceDb), "tables on the source");
        assertEquals(KEYS.keySet(), userTables(target, targetDb), "tables on the target (besides the run state)");
        Map<String, Integer> finalRows = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> t : KEYS.entrySet()) {
            String orderBy = String.join(", ", t.getValue());
            List<List<String>> twin = rows(source, sourceDb, "_" + t.getKey() + "_del", orderBy);
            List<List<String>> moved = rows(target, targetDb, t.getKey(), orderBy);
            assertRowsEqual(twin, moved, t.getKey() + " after the kill at " + faultPoint);
            finalRows.put(t.getKey(), moved.size());
        }

        // 6. the stored run: DONE, one RENAME, and no chunk copied twice beyond the one in flight per table
        RunState end = readState(target, targetDb).orElseThrow(() -> new AssertionError("no run stored after the rerun"));
        atKill.ifPresent(s -> assertEquals(s.token(), end.token(), "the rerun continued another run"));
        assertEquals("DONE", end.phase(), "phase of the run after the rerun");
        assertEquals(end.rowsCopied(), Long.parseLong(done.group(1)), "rows copied: summary vs run state");
        assertEquals(1, journalCount(target, targetDb, end.token(), "source tables renamed%"),
                "journal lines 'source tables renamed': the RENAME must be recorded (and run) once\n"
                        + journal(target, targetDb, end.token()));
        long recopied = 0;
        long resumedCopied = 0;
        for (String t : KEYS.keySet()) {
            TableState before = atKill.map(s -> s.tables().get(t)).orElse(null);
            TableState after = end.tables().get(t);
            assertTrue(after.done(), t + " not marked done: " + after);
            long copiedByRerun = after.rowsCopied() - (before == null ? 0 : before.rowsCopied());
            long remaining = before == null || before.lowKey() == null ? finalRows.get(t)
                    : before.done() ? 0 : rowsAbove(target, targetDb, t, KeyValue.fromHex(before.lowKey()));
            resumedCopied += copiedByRerun;
            recopied += Math.max(0, copiedByRerun - remaining);
            assertTrue(copiedByRerun >= 0, t + ": rows_copied went down: " + before + " -> " + after);
            assertTrue(copiedByRerun <= remaining + CHUNK, t + ": the rerun copied " + copiedByRerun
                    + " rows, but only " + remaining + " rows lie above the checkpoint " + before + " (+ one chunk of "
                    + CHUNK + " at most may be copied again)");
            if (expectedPhase != null && Set.of("ADD_INDEXES", "VERIFY", "WAIT_CUTOVER", "CUTOVER", "DRAIN").contains(expectedPhase)) {
                assertEquals(0, copiedByRerun, t + ": the copy was complete at the kill, yet the rerun copied rows");
            }
        }

        // 7. a third run finds the run complete
        Result third = tarball.run(args, Tarball.passwords(), CLI_TIMEOUT);
        assertEquals(0, third.exitCode(), "the third run failed:\n" + third);
        assertTrue(third.out().contains("run " + end.token() + " is already complete"), "no 'already complete':\n" + third);

        String line = String.format("KILL POINT %s: state at kill phase=%s rows=%d; resumed in %d ms; rows re-copied %d"
                        + " (rerun copied %d, final rows %s); total %d ms",
                faultPoint, atKill.map(RunState::phase).orElse("none"), atKill.map(RunState::rowsCopied).orElse(0L),
                r.millis(), recopied, resumedCopied, finalRows, (finished - started) / 1_000_000);
        System.out.println(line);
        SUMMARY.add(line);
        if (!atKill.isEmpty()) {
            System.out.println("  at kill: " + atKill.get());
        }
        System.out.println("  rerun: " + done.group());
        System.out.println("  killed after " + (killedAt - started) / 1_000_000 + " ms");
    }

    private static void awaitStdout(Running run, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!run.out().contains(text)) {
            if (!run.process.isAlive()) {
                fail("bin/tablemover exited (" + run.process.exitValue() + ") before printing '" + text + "'\n" + run.describe());
            }
            if (System.nanoTime() > deadline) {
                run.kill();
                fail("'" + text + "' did not show on stdout within " + timeout + "\n" + run.describe());
            }
            Thread.sleep(20);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // run state

    record TableState(String table, long rowsCopied, long chunksCopied, String lowKey, boolean done) {}

    record RunState(String token, String phase, String lastError, Map<String, TableState> tables) {
        long rowsCopied() {
            return tables.values().stream().mapToLong(TableState::rowsCopied).sum();
        }
    }

    /** @return the one run stored in the target database, if any */
    private static Optional<RunState> readState(MysqlServers.Server target, String db) throws SQLException {
        if (!tables(target, db).contains("_tablemover_runs")) {
            return Optional.empty();
        }
        try (Connection c = target.connect(db); Statement s = c.createStatement()) {
            String token;
            String phase;
            String lastError;
            try (ResultSet rs = s.executeQuery("SELECT token, phase, last_error FROM _tablemover_runs")) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                token = rs.getString(1);
                phase = rs.getString(2);
                lastError = rs.getString(3);
                assertFalse(rs.next(), "more than one run stored in " + db);
            }
            Map<String, TableState> tables = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name, rows_copied, chunks_copied, low_key, done"
                    + " FROM _tablemover_tables WHERE token = ?")) {
                ps.setString(1, token);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.put(rs.getString(1), new TableState(rs.getString(1), rs.getLong(2), rs.getLong(3),
                                rs.getString(4), rs.getBoolean(5)));
                    }
                }
            }
            return Optional.of(new RunState(token, phase, lastError, tables));
        }
    }

    private static int journalCount(MysqlServers.Server target, String db, String token, String like) throws SQLException {
        try (Connection c = target.connect(db);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*) FROM _tablemover_journal WHERE token = ? AND message LIKE ?")) {
            ps.setString(1, token);
            ps.setString(2, like);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String journal(MysqlServers.Server target, String db, String token) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = target.connect(db);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT phase, message FROM _tablemover_journal WHERE token = ? ORDER BY id")) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sb.append("  ").append(rs.getString(1)).append(": ").append(rs.getString(2)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** @return the rows of the target table whose key sorts after {@code low} (MySQL row comparison, as the copy's) */
    private static long rowsAbove(MysqlServers.Server target, String db, String table, KeyValue low) throws SQLException {
        List<String> key = KEYS.get(table);
        assertEquals(key.size(), low.parts().size(), "stored low_key of " + table + " does not fit its key: " + low);
        String sql = "SELECT COUNT(*) FROM `" + table + "` WHERE (" + String.join(", ", key) + ") > ("
                + key.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
        try (Connection c = target.connect(db); PreparedStatement ps = c.prepareStatement(sql)) {
            List<Object> values = low.bindValues();
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // tables and writes

    /** The three tables, {@value #ROWS} rows each. */
    private static void seed(MysqlServers.Server server, String db) throws SQLException {
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE items (
                      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
                      sku VARCHAR(32) NOT NULL,
                      price DECIMAL(10,2) NOT NULL,
                      note VARCHAR(100) NULL,
                      changed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                      PRIMARY KEY (id)
                    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
            s.execute("""
                    CREATE TABLE order_lines (
                      order_id INT NOT NULL,
                      code VARCHAR(32) NOT NULL,
                      qty INT NOT NULL,
                      shipped DATETIME NULL,
                      PRIMARY KEY (order_id, code)
                    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
            s.execute("""
                    CREATE TABLE accounts (
                      handle VARCHAR(64) NOT NULL,
                      email VARCHAR(128) NOT NULL,
                      balance BIGINT NOT NULL,
                      bio TEXT NULL,
                      PRIMARY KEY (handle),
                      UNIQUE KEY uk_email (email)
                    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
            s.execute("SET SESSION cte_max_recursion_depth = " + (ROWS + 10));
            String seq = "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < " + ROWS + ") ";
            s.execute("INSERT INTO items (sku, price, note, changed_at) " + seq
                    + "SELECT CONCAT('SKU-', LPAD(n, 6, '0')), ROUND(MOD(n * 137, 100000) / 100, 2),"
                    + " IF(n % 9 = 0, NULL, CONCAT('note ', n, IF(n % 7 = 0, ' Zoë ✓ 漢字', ''))),"
                    + " TIMESTAMP('2024-03-01 10:00:00.123') + INTERVAL n MINUTE FROM seq");
            s.execute("INSERT INTO order_lines (order_id, code, qty, shipped) " + seq
                    + "SELECT 1 + (n - 1) DIV 3, CONCAT('L', MOD(n, 3), '-', HEX(n * 7919)), n % 50,"
                    + " IF(n % 4 = 0, NULL, TIMESTAMP('2024-02-01') + INTERVAL n HOUR) FROM seq");
            s.execute("INSERT INTO accounts (handle, email, balance, bio) " + seq
                    + "SELECT CONCAT(ELT(1 + n % 4, 'alpha', 'Beta', 'gamma', 'Δelta'), '-', LPAD(n, 5, '0')),"
                    + " CONCAT('a', n, '@example.com'), n * 1000 - 500000,"
                    + " IF(n % 5 = 0, NULL, REPEAT('b', n % 200)) FROM seq");
        }
    }

    /**
     * Writes on the source's three tables: inserts, updates (also of key columns and of the UNIQUE column) and
     * deletes, single statements and now and then a transaction over two tables. Duplicate keys, deadlocks and lock
     * timeouts are expected now and then and ignored; anything else is collected.
     */
    private static final class Load {
        private final MysqlServers.Server server;
        private final String db;
        private final AtomicLong counter = new AtomicLong();
        private final AtomicLong writes = new AtomicLong();
        private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stop = new AtomicBoolean();
        private Thread thread;

        Load(MysqlServers.Server server, String db) {
            this.server = server;
            this.db = db;
        }

        long writes() {
            return writes.get();
        }

        List<String> unexpectedErrors() {
            return List.copyOf(unexpected);
        }

        /** Writes at about {@code perSecond} writes per second until {@link #stopBackground()}. */
        void startBackground(int perSecond) {
            stop.set(false);
            thread = new Thread(() -> {
                try (Connection c = server.connect(db)) {
                    long period = 1_000_000_000L / perSecond;
                    long due = System.nanoTime();
                    while (!stop.get()) {
                        write(c);
                        due += period;
                        long sleep = due - System.nanoTime();
                        if (sleep > 0) {
                            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                        }
                    }
                } catch (Exception e) {
                    unexpected.add("load stopped: " + e);
                }
            }, "write-load");
            thread.setDaemon(true);
            thread.start();
        }

        void stopBackground() throws InterruptedException {
            if (thread != null) {
                stop.set(true);
                thread.join(10_000);
                assertFalse(thread.isAlive(), "the write load did not stop");
                thread = null;
            }
        }

        /** Makes {@code n} writes now, as fast as they go. */
        void run(int n) throws SQLException {
            try (Connection c = server.connect(db)) {
                for (int i = 0; i < n; i++) {
                    write(c);
                }
            }
        }

        private void write(Connection c) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            long k = counter.incrementAndGet();
            int op = rnd.nextInt(14);
            try {
                switch (op) {
                    case 0 -> update(c, "INSERT INTO items (sku, price, note) VALUES (?, ?, ?)",
                            "NEW-" + k, rnd.nextInt(100_000) / 100.0, "inserted " + k);
                    case 1 -> update(c, "UPDATE items SET price = price + 1, note = ?, changed_at = CURRENT_TIMESTAMP(3)"
                            + " WHERE id = ?", "updated " + k, 1 + rnd.nextInt(ROWS));
                    case 2 -> update(c, "UPDATE items SET id = ? WHERE id = ?", 5_000_000L + k, 1 + rnd.nextInt(ROWS));
                    case 3 -> update(c, "DELETE FROM items WHERE id = ?", 1 + rnd.nextInt(ROWS));
                    case 4 -> update(c, "INSERT INTO order_lines (order_id, code, qty, shipped) VALUES (?, ?, ?, NOW())",
                            1 + rnd.nextInt(ROWS / 3 + 100), "N-" + k, rnd.nextInt(50));
                    case 5 -> update(c, "UPDATE order_lines SET qty = qty + 1, shipped = NOW() WHERE order_id = ?"
                            + " ORDER BY code LIMIT 1", 1 + rnd.nextInt(ROWS / 3));
                    case 6 -> update(c, "UPDATE order_lines SET code = ? WHERE order_id = ? ORDER BY code LIMIT 1",
                            "K-" + k, 1 + rnd.nextInt(ROWS / 3));
                    case 7 -> update(c, "UPDATE order_lines SET order_id = order_id + 5000 WHERE order_id = ?"
                            + " ORDER BY code DESC LIMIT 1", 1 + rnd.nextInt(ROWS / 3));
                    case 8 -> update(c, "DELETE FROM order_lines WHERE order_id = ? ORDER BY code LIMIT 1",
                            1 + rnd.nextInt(ROWS / 3));
                    case 9 -> update(c, "INSERT INTO accounts (handle, email, balance, bio) VALUES (?, ?, ?, ?)",
                            "new-" + k, "n" + k + "@example.com", k, rnd.nextBoolean() ? null : "bio " + k);
                    case 10 -> update(c, "UPDATE accounts SET handle = ? WHERE handle = ?", "moved-" + k, handle(rnd));
                    case 11 -> update(c, "UPDATE accounts SET email = ?, balance = balance - 1 WHERE handle = ?",
                            "m" + k + "@moved.example", handle(rnd));
                    case 12 -> update(c, "DELETE FROM accounts WHERE handle = ?", handle(rnd));
                    default -> {
                        // one transaction over two tables
                        c.setAutoCommit(false);
                        try {
                            update(c, "UPDATE items SET price = price - 1 WHERE id = ?", 1 + rnd.nextInt(ROWS));
                            update(c, "UPDATE accounts SET balance = balance + 1, bio = ? WHERE handle = ?", "tx " + k,
                                    handle(rnd));
                            c.commit();
                        } catch (SQLException e) {
                            c.rollback();
                            throw e;
                        } finally {
                            c.setAutoCommit(true);
                        }
                    }
                }
                writes.incrementAndGet();
            } catch (SQLException e) {
                // 1062 duplicate key, 1213 deadlock, 1205 lock wait timeout: part of the game
                if (e.getErrorCode() != 1062 && e.getErrorCode() != 1213 && e.getErrorCode() != 1205) {
                    unexpected.add(e.getErrorCode() + ": " + e.getMessage());
                }
            }
        }

        private static String handle(ThreadLocalRandom rnd) {
            int n = 1 + rnd.nextInt(ROWS);
            String[] prefixes = {"alpha", "Beta", "gamma", "Δelta"};
            return prefixes[(1 + n % 4) - 1] + "-" + String.format("%05d", n);
        }

        private static void update(Connection c, String sql, Object... params) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                ps.executeUpdate();
            }
        }
    }
}
