package io.tablemover.engine.reverse;

import static io.tablemover.testing.TestData.await;
import static io.tablemover.testing.TestData.count;
import static io.tablemover.testing.TestData.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.BundledPlugins;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, resharded reverse: a row that an update of its sharding column moves to another shard (its primary key
 * unchanged) arrives on the source as a delete from one shard's reverse stream and an insert from the other's, and the
 * two streams are not ordered with each other. Made deterministic by holding, on the source, a row lock on a
 * {@code _carts_del} row that one shard's stream writes first, so that stream waits while the other goes on:
 * <ol>
 *   <li>shard A's stream waits; the row moves A→B. B's insert reaches the source first, A's delete after.</li>
 *   <li>a row moves A→B by an insert on B first and a delete on A a second later: on both shards with different rows
 *       meanwhile, which is not a duplicate key (three reads 100 ms apart had stopped the run).</li>
 *   <li>shard B's stream waits; a row moves A→B→A. A's delete and re-insert reach the source first, then B's insert
 *       and delete. The revert renames the shards' tables while B's stream still waits, so its look-up reads
 *       {@code _carts_rev} (without that fallback the revert failed on 1146).</li>
 * </ol>
 * Each row exists at the end, on one shard. Without looking the deleted key up on the other shard
 * ({@link ShardReconciler}; checked by writing the images as they are), the source lost the rows of 1 and 3. A reference table
 * written on both shards comes back from the first one. The revert then leaves the source equal to the union of the
 * shards, row by row.
 */
class ReverseShardMoveIT {
    private static final int ROWS = 200;
    private final MysqlServers servers = MysqlServers.get();

    @TempDir
    Path temp;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aRowMovedBetweenShardsStaysOnTheSourceWhicheverStreamIsFirst() throws Exception {
        Reshard r = moveToReverse("revmv");
        String src = r.src();
        String a = r.a();
        String b = r.b();
        List<String> options = r.options();
        CompletableFuture<MoveHarness.Run> run = r.run();
        CompletableFuture<MoveHarness.Run> revert;
        try (Connection source = servers.source().connect(src); Connection onA = servers.target().connect(a);
             Connection onB = servers.target().connect(b)) {
            List<Integer> idsOnA = ids(onA);
            List<Integer> idsOnB = ids(onB);
            int ownerOnA = idsOnA.get(0);
            int ownerOnB = idsOnB.get(0);
            // the reference table: the application writes both copies
            for (Connection shard : List.of(onA, onB)) {
                exec(shard, "UPDATE regions SET name = 'Europe and Africa' WHERE code = 'eu'");
                exec(shard, "DELETE FROM regions WHERE code = 'ap'");
                exec(shard, "INSERT INTO regions VALUES ('oc', 'Oceania')");
            }

            // 1. A's stream waits; row k moves A→B: B's insert reaches the source before A's delete
            int held = idsOnA.get(1);
            int k = idsOnA.get(2);
            try (Connection lock = holdRow(src, held)) {
                exec(onA, "UPDATE carts SET v = 'held' WHERE id = " + held);
                awaitStuckReplace(source, src);
                exec(onA, "DELETE FROM carts WHERE id = " + k);
                exec(onB, "INSERT INTO carts VALUES (" + k + ", " + ownerOnB + ", 'moved to b')");
                await(() -> count(source, "SELECT COUNT(*) FROM _carts_del WHERE id = " + k + " AND v = 'moved to b'")
                        == 1, "B's insert of key " + k + " on the source", 30);
                lock.rollback();
            }

            // 2. an application that moves row n by inserting it on B before it deletes it on A, a second later: n is on
            // both shards with different rows meanwhile, which must not stop the run
            int n = idsOnA.get(4);
            exec(onB, "INSERT INTO carts VALUES (" + n + ", " + ownerOnB + ", 'insert first')");
            Thread.sleep(1_000);
            exec(onA, "DELETE FROM carts WHERE id = " + n);
            await(() -> count(source, "SELECT COUNT(*) FROM _carts_del WHERE id = " + n + " AND v = 'insert first'")
                    == 1, "B's insert of key " + n + " on the source", 30);

            // 3. B's stream waits; row m moves A→B→A: A's delete and insert reach the source before B's
            int heldOnB = idsOnB.get(1);
            int m = idsOnA.get(3);
            try (Connection lock = holdRow(src, heldOnB)) {
                exec(onB, "UPDATE carts SET v = 'held' WHERE id = " + heldOnB);
                awaitStuckReplace(source, src);
                exec(onA, "DELETE FROM carts WHERE id = " + m);
                exec(onB, "INSERT INTO carts VALUES (" + m + ", " + ownerOnB + ", 'briefly on b')");
                exec(onB, "DELETE FROM carts WHERE id = " + m);
                exec(onA, "INSERT INTO carts VALUES (" + m + ", " + ownerOnA + ", 'back on a')");
                await(() -> count(source, "SELECT COUNT(*) FROM _carts_del WHERE id = " + m + " AND v = 'back on a'")
                        == 1, "A's re-insert of key " + m + " on the source", 30);
                // the revert renames the shards' tables while B's stream still waits: its look-up of m on A reads
                // _carts_rev there
                revert = CompletableFuture.supplyAsync(() -> run("revert", src, options, MoveListener.NONE,
                        "--execute"));
                await(() -> count(onA, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema IN ('" + a
                        + "', '" + b + "') AND table_name = '_carts_rev'") == 2, "the revert's RENAME on both shards", 30);
                lock.rollback();
            }
        }

        revertAndCompare(src, a, b, run, revert.get(120, TimeUnit.SECONDS), "revmv_union");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aKeyOnTwoShardsWithDifferentRowsStopsTheReverseStreamUntilOneIsDeleted() throws Exception {
        Reshard r = moveToReverse("revdup");
        String src = r.src();
        String a = r.a();
        String b = r.b();
        List<String> options = r.options();
        CompletableFuture<MoveHarness.Run> run = r.run();
        int dup;
        try (Connection onA = servers.target().connect(a); Connection onB = servers.target().connect(b)) {
            dup = ids(onA).get(0);
            int ownerOnB = ids(onB).get(0);
            // the application inserted the same primary key on both shards (e.g. AUTO_INCREMENT counted per shard)
            exec(onB, "INSERT INTO carts VALUES (" + dup + ", " + ownerOnB + ", 'duplicate')");
        }
        MoveHarness.Run failed = run.get(60, TimeUnit.SECONDS);
        assertEquals(ExitCode.RUNTIME_FAILURE.code(), failed.exitCode(), failed.out() + failed.err());
        assertTrue(failed.err().contains("key " + dup + " of table carts is on target ")
                && failed.err().contains("with different rows, and the source can hold one row per key"), failed.err());
        assertTrue(failed.err().contains("the move is cut over and the reverse stream is checkpointed: run the same"
                + " command again to resume it"), "the fix for phase REVERSE, not the one before the cutover: " + failed.err());
        assertTrue(!failed.err().contains("\tat ") && !failed.err().contains("source tables are untouched"),
                "one line, no stack trace: " + failed.err());

        try (Connection onB = servers.target().connect(b)) {
            exec(onB, "DELETE FROM carts WHERE id = " + dup);
        }
        CompletableFuture<MoveHarness.Run> resumed = reverse(src, options);
        revertAndCompare(src, a, b, resumed, run("revert", src, options, MoveListener.NONE, "--execute"), "revdup_union");
    }

    /** After the revert, checks the source against the union of the shards' {@code _t_rev} tables, row by row. */
    private void revertAndCompare(String src, String a, String b, CompletableFuture<MoveHarness.Run> run,
                                  MoveHarness.Run revert, String unionDb) throws Exception {
        assertEquals(ExitCode.OK.code(), revert.exitCode(), revert.out() + revert.err());
        MoveHarness.Run moved = run.get(120, TimeUnit.SECONDS);
        assertEquals(ExitCode.OK.code(), moved.exitCode(), moved.out() + moved.err());

        ShardUnion.assertSourceEqualsUnion(servers, src, List.of(a, b), List.of("carts"), unionDb);
        try (ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool shardA = MoveHarness.pool(servers.target(), a)) {
            TableSchema regions = new SchemaReader(source.dsl()).read(src, "regions");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "regions", shardA, a, "_regions_rev", regions);
            assertTrue(cmp.identical(), "regions: " + cmp.differences() + " rows differ, e.g. " + cmp.examples());
        }
        try (Connection c = servers.source().connect(src)) {
            assertEquals(ROWS, count(c, "SELECT COUNT(*) FROM carts"), "no row lost or doubled");
        }
    }

    private List<String> options(String a, String b) throws Exception {
        Path plugins = BundledPlugins.assemble(temp.resolve("plugins"), "sharding-hash");
        return List.of("--target", MoveHarness.url(servers.target(), a) + "@-80",
                "--target", MoveHarness.url(servers.target(), b) + "@80-", "--sharding-key", "carts=owner",
                "--reference-tables", "regions", "--plugins-dir", plugins.toString());
    }

    /** A 1→2 reshard in phase REVERSE: its databases, its options and the running move. */
    private record Reshard(String src, String a, String b, List<String> options, CompletableFuture<MoveHarness.Run> run) {}

    /** Creates and seeds the databases, starts the move with a reverse window and returns once it is in REVERSE. */
    private Reshard moveToReverse(String name) throws Exception {
        String src = servers.source().createDatabase(name + "_src");
        String a = servers.target().createDatabase(name + "_a");
        String b = servers.target().createDatabase(name + "_b");
        List<String> options = options(a, b);
        try (Connection c = servers.source().connect(src); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE carts (id INT NOT NULL PRIMARY KEY, owner INT NOT NULL, v VARCHAR(32) NOT NULL)");
            s.execute("CREATE TABLE regions (code CHAR(2) NOT NULL PRIMARY KEY, name VARCHAR(32) NOT NULL)");
            for (int i = 1; i <= ROWS; i++) {
                s.addBatch("INSERT INTO carts VALUES (" + i + ", " + i + ", 'seed')");
            }
            s.addBatch("INSERT INTO regions VALUES ('eu', 'Europe'), ('us', 'Americas'), ('ap', 'Asia')");
            s.executeBatch();
        }
        return new Reshard(src, a, b, options, reverse(src, options));
    }

    /** Starts (or resumes) the move and returns once it is in phase REVERSE. */
    private CompletableFuture<MoveHarness.Run> reverse(String src, List<String> options) throws Exception {
        return InReverse.start(listener -> run("move", src, options, listener, "--execute", "--reverse-window", "1h",
                "--checkpoint-interval", "1"));
    }

    /** @return a source connection whose open transaction holds the lock of {@code _carts_del} row {@code id} */
    private Connection holdRow(String src, int id) throws SQLException {
        Connection lock = servers.source().connect(src);
        lock.setAutoCommit(false);
        exec(lock, "SELECT * FROM _carts_del WHERE id = " + id + " FOR UPDATE");
        return lock;
    }

    /** Waits until a reverse stream's REPLACE into {@code _carts_del} waits for the held row lock. */
    private static void awaitStuckReplace(Connection source, String src) throws InterruptedException {
        await(() -> count(source, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '" + src
                + "' AND INFO LIKE 'replace into%_carts_del%'") > 0, "the reverse stream's REPLACE on the source", 30);
    }

    private static List<Integer> ids(Connection shard) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement s = shard.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM carts ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        assertTrue(ids.size() >= 5, "both shards hold rows: " + ids);
        return ids;
    }

    private MoveHarness.Run run(String command, String src, List<String> options, MoveListener listener,
                                String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--source", MoveHarness.url(servers.source(), src),
                "--tables", "carts,regions", "--source-user", servers.source().user(),
                "--target-user", servers.target().user()));
        args.addAll(options);
        args.addAll(List.of(extra));
        return MoveHarness.run(args, Map.of("TABLEMOVER_SOURCE_PASSWORD", servers.source().password(),
                "TABLEMOVER_TARGET_PASSWORD", servers.target().password()), listener);
    }
}
