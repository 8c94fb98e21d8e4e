package io.tablemover.engine.verify;

import static io.tablemover.testing.TestData.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.plugin.PluginLoader;
import io.tablemover.engine.plugin.PluginRegistry;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.spi.sharding.KeyRange;
import io.tablemover.spi.sharding.ShardingFunction;
import io.tablemover.testing.BundledPlugins;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The standalone {@code tablemover verify} against real servers: reports, JSON, repair, suffix, shards, read-only. */
class VerifyCommandIT {
    private final MysqlServers servers = MysqlServers.get();

    @TempDir
    Path temp;

    private static void create(Connection c, String table, int rows) throws Exception {
        exec(c, "CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(64) NOT NULL, w BIGINT NULL)",
                "SET SESSION cte_max_recursion_depth = " + (rows + 1),
                "INSERT INTO " + table + " WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < "
                        + rows + ") SELECT n, CONCAT('row ', n), n * 7 FROM s");
    }

    /** Two equal tables, a (3000 rows) and b (500 rows), on the source and on the target. */
    private String[] equalTables(String name) throws Exception {
        String src = servers.source().createDatabase(name + "_src");
        String tgt = servers.target().createDatabase(name + "_tgt");
        for (String[] side : new String[][] {{"s", src}, {"t", tgt}}) {
            try (Connection c = side[0].equals("s") ? servers.source().connect(side[1]) : servers.target().connect(side[1])) {
                create(c, "a", 3000);
                create(c, "b", 500);
            }
        }
        return new String[] {src, tgt};
    }

    private MoveHarness.Run verify(String src, String tgt, String tables, String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "--source", MoveHarness.url(servers.source(), src),
                "--target", MoveHarness.url(servers.target(), tgt), "--tables", tables,
                "--source-user", servers.source().user(), "--target-user", servers.target().user()));
        args.addAll(List.of(extra));
        return MoveHarness.run(args, passwords(), MoveListener.NONE);
    }

    private Map<String, String> passwords() {
        return Map.of("TABLEMOVER_SOURCE_PASSWORD", servers.source().password(),
                "TABLEMOVER_TARGET_PASSWORD", servers.target().password());
    }

    private static String gtidExecuted(MysqlServers.Server server) throws Exception {
        try (Connection c = server.connect("mysql"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@global.gtid_executed")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long stateTables(MysqlServers.Server server, String db) throws Exception {
        try (Connection c = server.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db
                     + "' AND TABLE_NAME LIKE '\\_tablemover%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void assertIdentical(String src, String srcName, String tgt, String table) throws Exception {
        try (ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            TableSchema schema = new SchemaReader(source.dsl()).read(src, srcName);
            RowComparer.Comparison cmp = RowComparer.compare(source, src, srcName, target, tgt, table, schema);
            assertTrue(cmp.identical(), table + ": " + cmp);
        }
    }

    private static void assertOneLine(MoveHarness.Run run) {
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void equalTablesExitZeroWithTheirRowCountsAndNothingIsWritten() throws Exception {
        String[] dbs = equalTables("vc_eq");
        String sourceGtid = gtidExecuted(servers.source());
        String targetGtid = gtidExecuted(servers.target());
        MoveHarness.Run run = verify(dbs[0], dbs[1], "a,b", "--chunk-size", "1000");
        System.out.println(run.out());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("table a: 3000 rows compared in 4 chunks, 0 chunks differed, 0 keys differ: equal"), run.out());
        assertTrue(run.out().contains("table b: 500 rows compared in 1 chunks"), run.out());
        assertTrue(run.out().contains("result: the tables are equal"), run.out());
        assertEquals(sourceGtid, gtidExecuted(servers.source()), "nothing written on the source");
        assertEquals(targetGtid, gtidExecuted(servers.target()), "nothing written on the target");
        assertEquals(0, stateTables(servers.target(), dbs[1]));
        assertEquals(0, stateTables(servers.source(), dbs[0]));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void differencesAreReportedAsTextAndJsonWithoutWritingThenRepaired() throws Exception {
        String[] dbs = equalTables("vc_diff");
        try (Connection t = servers.target().connect(dbs[1])) {
            exec(t, "DELETE FROM a WHERE id IN (10, 2500)",        // 2 missing, in two chunks
                    "UPDATE a SET v = 'corrupt' WHERE id = 20",     // 1 different
                    "UPDATE a SET w = NULL WHERE id = 2999",        // 1 different (NULL)
                    "INSERT INTO a VALUES (100000, 'extra', 1)",    // 1 extra
                    "DELETE FROM b WHERE id = 5",                   // 1 missing
                    "INSERT INTO b VALUES (0, 'extra', NULL)");     // 1 extra
        }
        String sourceGtid = gtidExecuted(servers.source());
        String targetGtid = gtidExecuted(servers.target());

        MoveHarness.Run run = verify(dbs[0], dbs[1], "a,b", "--chunk-size", "1000");
        System.out.println(run.out());
        assertEquals(ExitCode.TABLES_DIFFER.code(), run.exitCode(), run.out() + run.err());
        assertEquals(6, run.exitCode());
        assertTrue(run.out().contains("table a: 3000 rows compared in 4 chunks, 3 chunks differed, 5 keys differ: DIFFERENT"), run.out());
        assertTrue(run.out().contains("rows missing, ") && run.out().contains(": 2 rows missing, 1 rows extra, 2 rows different"), run.out());
        assertTrue(run.out().contains("key id=10: missing on"), run.out());
        assertTrue(run.out().contains("key id=20: different on"), run.out());
        assertTrue(run.out().contains("key id=100000: extra on"), run.out());
        assertTrue(run.out().contains("table b: 500 rows compared in 1 chunks, 1 chunks differed, 2 keys differ: DIFFERENT"), run.out());
        assertTrue(run.out().contains("result: the tables differ"), run.out());
        assertTrue(run.out().contains("; longest source lock 0 ms: no --repair, the comparison takes no lock)"), run.out());

        MoveHarness.Run json = verify(dbs[0], dbs[1], "a,b", "--report-format", "json", "--max-keys", "2");
        assertEquals(6, json.exitCode(), json.out() + json.err());
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertFalse(report.get("equal").asBoolean());
        assertTrue(report.get("runInProgress").isNull());
        assertEquals(0, report.get("chunksUndecided").asLong());
        assertEquals(0, report.get("longestSourceLockMillis").asLong(), "no --repair, no source lock");
        JsonNode a = report.get("tables").get(0);
        assertEquals("a", a.get("table").asText());
        assertEquals(3000, a.get("rowsCompared").asLong());
        assertEquals(5, a.get("mismatchedKeys").asLong());
        assertEquals(5, a.get("keysStillDiffering").asLong());
        assertEquals(2, a.get("keys").size(), "--max-keys 2");
        assertEquals("10", a.get("keys").get(0).get("key").get("id").asText());
        assertEquals("missing", a.get("keys").get(0).get("differences").get(0).get("kind").asText());
        JsonNode shard = a.get("shards").get(0);
        assertEquals(2, shard.get("missing").asLong());
        assertEquals(1, shard.get("extra").asLong());
        assertEquals(2, shard.get("different").asLong());
        assertEquals("b", report.get("tables").get(1).get("table").asText());
        assertEquals(2, report.get("tables").get(1).get("mismatchedKeys").asLong());

        assertEquals(sourceGtid, gtidExecuted(servers.source()), "nothing written on the source without --repair");
        assertEquals(targetGtid, gtidExecuted(servers.target()), "nothing written on the target without --repair");
        assertEquals(0, stateTables(servers.target(), dbs[1]));

        long started = System.nanoTime();
        MoveHarness.Run repair = verify(dbs[0], dbs[1], "a,b", "--repair", "--report-format", "json");
        long repairMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, repair.exitCode(), repair.out() + repair.err());
        JsonNode repaired = new ObjectMapper().readTree(repair.out());
        long lockMs = repaired.get("longestSourceLockMillis").asLong(-1);
        assertTrue(lockMs >= 0 && lockMs < repairMs, "the repair's longest source lock: " + lockMs + " ms of " + repairMs);
        assertEquals(lockMs, Math.max(repaired.get("tables").get(0).get("longestSourceLockMillis").asLong(),
                repaired.get("tables").get(1).get("longestSourceLockMillis").asLong()));
        assertEquals(5, repaired.get("tables").get(0).get("keysRepaired").asLong());
        assertIdentical(dbs[0], "a", dbs[1], "a");
        try (Connection t = servers.target().connect(dbs[1])) {
            exec(t, "DELETE FROM a WHERE id = 10", "DELETE FROM b WHERE id = 5");
        }
        repair = verify(dbs[0], dbs[1], "a,b", "--repair");
        System.out.println(repair.out());
        assertTrue(repair.out().matches("(?s).*result: the tables are equal \\(\\d+ ms; longest source lock \\d+ ms\\).*"),
                repair.out());
        assertEquals(0, repair.exitCode(), repair.out() + repair.err());
        assertTrue(repair.out().contains("1 keys differ, 1 keys repaired, 0 keys still differ: equal"), repair.out());
        assertEquals(sourceGtid, gtidExecuted(servers.source()), "--repair never writes the source");
        assertIdentical(dbs[0], "a", dbs[1], "a");
        assertIdentical(dbs[0], "b", dbs[1], "b");
        MoveHarness.Run again = verify(dbs[0], dbs[1], "a,b");
        assertEquals(0, again.exitCode(), again.out() + again.err());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void afterACutoverTheTargetIsComparedWithTheRenamedSourceTables() throws Exception {
        String src = servers.source().createDatabase("vc_cut_src");
        String tgt = servers.target().createDatabase("vc_cut_tgt");
        try (Connection c = servers.source().connect(src)) {
            create(c, "t", 2000);
        }
        MoveHarness.Run move = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute");
        assertEquals(0, move.exitCode(), move.out() + move.err());

        MoveHarness.Run run = verify(src, tgt, "t", "--source-suffix", "_del");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("table t (source _t_del): 2000 rows compared"), run.out());
        assertFalse(run.out().contains("run in progress"), "the move is DONE: " + run.out());

        MoveHarness.Run unknown = verify(src, tgt, "t");
        assertEquals(ExitCode.INVALID_INPUT.code(), unknown.exitCode(), unknown.out() + unknown.err());
        assertTrue(unknown.err().contains("error: table t does not exist in the source database " + src), unknown.err());
        assertOneLine(unknown);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRunInProgressIsDetectedAndItsTargetVerifiesEqual() throws Exception {
        String src = servers.source().createDatabase("vc_run_src");
        String tgt = servers.target().createDatabase("vc_run_tgt");
        try (Connection c = servers.source().connect(src)) {
            create(c, "t", 2000);
        }
        Path postpone = Files.createFile(temp.resolve("postpone"));
        CountDownLatch waiting = new CountDownLatch(1);
        MoveListener listener = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase == Phase.WAIT_CUTOVER) {
                    waiting.countDown();
                }
            }
        };
        CompletableFuture<MoveHarness.Run> move = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                listener, "--execute", "--postpone-cutover-flag-file", postpone.toString()));
        assertTrue(waiting.await(2, TimeUnit.MINUTES), "the move never reached WAIT_CUTOVER");
        try (Connection c = servers.source().connect(src)) {
            exec(c, "UPDATE t SET v = 'changed during the run' WHERE id <= 50", "DELETE FROM t WHERE id = 77");
        }
        MoveHarness.Run run = verify(src, tgt, "t");
        Files.delete(postpone);
        MoveHarness.Run moved = move.get(2, TimeUnit.MINUTES);
        assertEquals(0, moved.exitCode(), moved.out() + moved.err());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("run in progress detected: run "), run.out());
        assertTrue(run.out().contains("phase WAIT_CUTOVER"), run.out());
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void badInputIsOneLine() throws Exception {
        String[] dbs = equalTables("vc_bad");
        MoveHarness.Run noPassword = MoveHarness.run(List.of("verify", "--source",
                MoveHarness.url(servers.source(), dbs[0]), "--target", MoveHarness.url(servers.target(), dbs[1]),
                "--tables", "a", "--source-user", "verify_nobody"), Map.of(), MoveListener.NONE);
        assertEquals(ExitCode.INVALID_INPUT.code(), noPassword.exitCode(), noPassword.out() + noPassword.err());
        assertTrue(noPassword.err().startsWith("error: cannot connect to the source "), noPassword.err());
        assertOneLine(noPassword);

        MoveHarness.Run unreachable = MoveHarness.run(List.of("verify", "--source", "jdbc:mysql://127.0.0.1:1/x",
                "--target", MoveHarness.url(servers.target(), dbs[1]), "--tables", "a"), Map.of(), MoveListener.NONE);
        assertEquals(ExitCode.INVALID_INPUT.code(), unreachable.exitCode(), unreachable.out() + unreachable.err());
        assertOneLine(unreachable);

        MoveHarness.Run unknown = verify(dbs[0], dbs[1], "a,nosuch");
        assertEquals(ExitCode.INVALID_INPUT.code(), unknown.exitCode(), unknown.out() + unknown.err());
        assertTrue(unknown.err().contains("table nosuch does not exist in the source database"), unknown.err());
        assertOneLine(unknown);

        MoveHarness.Run format = verify(dbs[0], dbs[1], "a", "--report-format", "xml");
        assertEquals(ExitCode.INVALID_INPUT.code(), format.exitCode());
        assertOneLine(format);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theShardedFormFindsARowOnAShardThatDoesNotOwnIt() throws Exception {
        Path plugins = BundledPlugins.assemble(temp.resolve("plugins"), "sharding-hash");
        String src = servers.source().createDatabase("vc_shard_src");
        List<String> shards = List.of(servers.target().createDatabase("vc_shard_a"),
                servers.target().createDatabase("vc_shard_b"));
        List<KeyRange> ranges = List.of(KeyRange.parse("-80"), KeyRange.parse("80-"));
        String ddl = "CREATE TABLE o (id INT PRIMARY KEY, customer_id BIGINT UNSIGNED NOT NULL, note VARCHAR(40))";
        List<List<String>> rows = List.of(new ArrayList<>(), new ArrayList<>());
        int[] ownerOf = new int[601];
        try (PluginRegistry registry = PluginLoader.loadConfigured(Optional.of(plugins))) {
            ShardingFunction hash = registry.createShardingFunction("hash", Map.of());
            for (int id = 1; id <= 600; id++) {
                ownerOf[id] = ranges.get(0).contains(hash.keyspaceId((long) (id % 31 + 1))) ? 0 : 1;
                rows.get(ownerOf[id]).add("(" + id + ", " + (id % 31 + 1) + ", 'order " + id + "')");
            }
        }
        try (Connection c = servers.source().connect(src)) {
            List<String> all = new ArrayList<>(rows.get(0));
            all.addAll(rows.get(1));
            exec(c, ddl, "INSERT INTO o VALUES " + String.join(", ", all));
        }
        for (int i = 0; i < 2; i++) {
            try (Connection c = servers.target().connect(shards.get(i))) {
                exec(c, ddl, "INSERT INTO o VALUES " + String.join(", ", rows.get(i)));
            }
        }
        List<String> args = List.of("verify", "--source", MoveHarness.url(servers.source(), src),
                "--target", MoveHarness.url(servers.target(), shards.get(0)) + "@-80",
                "--target", MoveHarness.url(servers.target(), shards.get(1)) + "@80-",
                "--tables", "o", "--sharding-key", "o=customer_id", "--source-user", servers.source().user(),
                "--target-user", servers.target().user(), "--plugins-dir", plugins.toString());
        MoveHarness.Run equal = MoveHarness.run(args, passwords(), MoveListener.NONE);
        assertEquals(0, equal.exitCode(), equal.out() + equal.err());
        assertTrue(equal.out().contains("table o: 600 rows compared"), equal.out());

        int misplaced = 1;
        while (ownerOf[misplaced] != 1) {
            misplaced++;
        }
        try (Connection a = servers.target().connect(shards.get(0))) {
            exec(a, "INSERT INTO o VALUES (" + misplaced + ", " + (misplaced % 31 + 1) + ", 'order " + misplaced + "')");
        }
        MoveHarness.Run run = MoveHarness.run(args, passwords(), MoveListener.NONE);
        System.out.println(run.out());
        assertEquals(6, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("key id=" + misplaced + ": extra on " + MoveHarness.url(servers.target(),
                shards.get(0)) + "@-80"), run.out());
        assertTrue(run.out().contains("@-80: 0 rows missing, 1 rows extra, 0 rows different"), run.out());
        assertFalse(run.out().contains("@80-: "), "the owning shard holds the row: " + run.out());
    }

    /** @return how many chunk digests (COUNT + BIT_XOR) the target server has computed in {@code db} */
    private long chunkDigestsComputed(String db) throws Exception {
        try (Connection c = servers.target().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(COUNT_STAR), 0) FROM performance_schema"
                     + ".events_statements_summary_by_digest WHERE SCHEMA_NAME = '" + db
                     + "' AND UPPER(DIGEST_TEXT) LIKE '%BIT_XOR%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theLagOfARunInProgressIsNotReportedAsADifference() throws Exception {
        String src = servers.source().createDatabase("vc_lag_src");
        String tgt = servers.target().createDatabase("vc_lag_tgt");
        try (Connection c = servers.source().connect(src)) {
            create(c, "t", 2000);
        }
        Path postpone = Files.createFile(temp.resolve("postpone"));
        Path throttle = temp.resolve("throttle");
        CountDownLatch waiting = new CountDownLatch(1);
        MoveListener listener = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase == Phase.WAIT_CUTOVER) {
                    waiting.countDown();
                }
            }
        };
        CompletableFuture<MoveHarness.Run> move = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                listener, "--execute", "--postpone-cutover-flag-file", postpone.toString(),
                "--throttle-flag-file", throttle.toString()));
        assertTrue(waiting.await(2, TimeUnit.MINUTES), "the move never reached WAIT_CUTOVER");
        Files.createFile(throttle); // the run's binlog apply pauses: its target lags behind the source
        Thread.sleep(500);
        try (Connection c = servers.source().connect(src)) {
            exec(c, "UPDATE t SET v = 'not applied yet' WHERE id <= 10");
        }
        long before = chunkDigestsComputed(tgt);
        CompletableFuture<MoveHarness.Run> verifying = CompletableFuture.supplyAsync(() -> verify(src, tgt, "t"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (chunkDigestsComputed(tgt) == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(chunkDigestsComputed(tgt) > before, "verify never compared a chunk");
        Files.delete(throttle); // the run catches up while verify pauses before comparing again
        MoveHarness.Run run = verifying.get(2, TimeUnit.MINUTES);
        long compared = chunkDigestsComputed(tgt) - before;
        Files.delete(postpone);
        MoveHarness.Run moved = move.get(2, TimeUnit.MINUTES);
        assertEquals(0, moved.exitCode(), moved.out() + moved.err());
        System.out.println(run.out());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("run in progress detected: run "), run.out());
        assertTrue(compared >= 2, "the differing chunk was compared again: " + compared + " chunk digests on the target");
    }

    /** Source writes of random rows of ids 1..2500 and inserts above 1,000,000, about 200 a second, until stopped. */
    private static final class WriteLoad implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
        private final CompletableFuture<Void> done;

        WriteLoad(Connection c) {
            done = CompletableFuture.runAsync(() -> {
                java.util.Random random = new java.util.Random(11);
                try (Statement s = c.createStatement()) {
                    for (int i = 0; !stop.get(); i++) {
                        if (i % 5 == 4) {
                            s.executeUpdate("INSERT INTO t VALUES (" + (1_000_000 + i) + ", 'load', " + i + ")");
                        } else {
                            s.executeUpdate("UPDATE t SET v = 'load " + i + "', w = w + 1 WHERE id = "
                                    + (1 + random.nextInt(2500)));
                        }
                        writes.incrementAndGet();
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            done.get(30, TimeUnit.SECONDS);
        }
    }

    private static MoveListener onWaitCutover(CountDownLatch waiting) {
        return new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase == Phase.WAIT_CUTOVER) {
                    waiting.countDown();
                }
            }
        };
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void besideARunUnderWriteLoadOnlyARealDifferenceIsReported() throws Exception {
        String src = servers.source().createDatabase("vc_load_src");
        String tgt = servers.target().createDatabase("vc_load_tgt");
        try (Connection c = servers.source().connect(src)) {
            create(c, "t", 3000);
        }
        Path postpone = Files.createFile(temp.resolve("postpone"));
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<MoveHarness.Run> move = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                onWaitCutover(waiting), "--execute", "--postpone-cutover-flag-file", postpone.toString(),
                "--checkpoint-interval", "1"));
        assertTrue(waiting.await(2, TimeUnit.MINUTES), "the move never reached WAIT_CUTOVER");
        MoveHarness.Run clean;
        MoveHarness.Run corrupt;
        long writes;
        try (Connection c = servers.source().connect(src); WriteLoad load = new WriteLoad(c)) {
            Thread.sleep(1_000);
            clean = verify(src, tgt, "t", "--chunk-size", "1000");
            try (Connection t = servers.target().connect(tgt)) {
                exec(t, "UPDATE t SET v = 'corrupt' WHERE id = 2900"); // a row the load never writes
            }
            corrupt = verify(src, tgt, "t", "--chunk-size", "1000");
            writes = load.writes.get();
        }
        Files.delete(postpone);
        MoveHarness.Run moved = move.get(2, TimeUnit.MINUTES);
        assertEquals(0, moved.exitCode(), moved.out() + moved.err());
        System.out.println(clean.out() + corrupt.out());
        assertTrue(writes > 200, writes + " writes during the two verifies");
        assertEquals(0, clean.exitCode(), clean.out() + clean.err());
        assertTrue(clean.out().contains("run in progress detected: run "), clean.out());
        assertTrue(clean.out().contains(" 0 chunks differed, 0 keys differ: equal"), clean.out());
        assertEquals(ExitCode.TABLES_DIFFER.code(), corrupt.exitCode(), corrupt.out() + corrupt.err());
        assertTrue(corrupt.out().contains(" 1 chunks differed, 1 keys differ: DIFFERENT"), corrupt.out());
        assertTrue(corrupt.out().contains("key id=2900: different on"), corrupt.out());
        assertFalse(corrupt.out().contains("undecided"), corrupt.out());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRunThatDoesNotCatchUpLeavesItsDifferingChunksUndecided() throws Exception {
        String src = servers.source().createDatabase("vc_stall_src");
        String tgt = servers.target().createDatabase("vc_stall_tgt");
        try (Connection c = servers.source().connect(src)) {
            create(c, "t", 3000);
        }
        Path postpone = Files.createFile(temp.resolve("postpone"));
        Path throttle = temp.resolve("throttle");
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<MoveHarness.Run> move = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                onWaitCutover(waiting), "--execute", "--postpone-cutover-flag-file", postpone.toString(),
                "--throttle-flag-file", throttle.toString(), "--checkpoint-interval", "1"));
        assertTrue(waiting.await(2, TimeUnit.MINUTES), "the move never reached WAIT_CUTOVER");
        Files.createFile(throttle); // the run's binlog apply pauses: its stream position stops
        Thread.sleep(500);
        try (Connection c = servers.source().connect(src)) {
            exec(c, "UPDATE t SET v = 'not applied yet' WHERE id IN (10, 2500)");
        }
        MoveHarness.Run run = verify(src, tgt, "t", "--chunk-size", "1000", "--run-catch-up-timeout-seconds", "2");
        MoveHarness.Run json = verify(src, tgt, "t", "--chunk-size", "1000", "--run-catch-up-timeout-seconds", "2",
                "--report-format", "json");
        Files.delete(throttle);
        Files.delete(postpone);
        MoveHarness.Run moved = move.get(2, TimeUnit.MINUTES);
        assertEquals(0, moved.exitCode(), moved.out() + moved.err());
        System.out.println(run.out());
        assertEquals(ExitCode.RUNTIME_FAILURE.code(), run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("0 keys differ, run lagging; 2 chunks undecided: UNDECIDED"), run.out());
        assertTrue(run.out().contains("result: undecided: run lagging; 2 chunks undecided"), run.out());
        assertEquals(ExitCode.RUNTIME_FAILURE.code(), json.exitCode(), json.out() + json.err());
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertFalse(report.get("equal").asBoolean());
        assertEquals(2, report.get("chunksUndecided").asLong());
        assertEquals(0, report.get("tables").get(0).get("mismatchedKeys").asLong());
    }
}
