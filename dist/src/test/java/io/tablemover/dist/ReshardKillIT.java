package io.tablemover.dist;

import static io.tablemover.dist.Tarball.USER;
import static io.tablemover.dist.Tarball.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.testing.MysqlServers;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A resharding move by the tarball ({@code bin/tablemover} with its bundled {@code plugins/sharding-hash}),
 * killed with SIGKILL in the middle of the copy (under a write load that also changes the sharding column) or
 * in the middle of the drain, then run again: the rerun resumes, and each of the two shards holds exactly the
 * source rows whose Vitess {@code hash} keyspace id lies in its range. The keyspace ids are computed here
 * independently of the plugin: DES with an all-zero key over the 8-byte big-endian value (Vitess's hash vindex).
 */
class ReshardKillIT {
    private static final int ROWS = 4_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    static Path install;

    private static Tarball tarball;

    @BeforeAll
    static void extractTarball() throws Exception {
        tarball = Tarball.extract(install);
        Tarball.createMoveUser(MysqlServers.get().source());
        Tarball.createMoveUser(MysqlServers.get().target());
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"chunk-copied:6", "draining"})
    void resumesAReshardAfterSigkill(String faultPoint) throws Exception {
        MysqlServers.Server source = MysqlServers.get().source();
        MysqlServers.Server target = MysqlServers.get().target();
        String sourceDb = source.createDatabase("rskill_src");
        String low = target.createDatabase("rskill_low");
        String high = target.createDatabase("rskill_high");
        try (Connection c = source.connect(sourceDb); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, owner BIGINT NOT NULL,"
                    + " note VARCHAR(64), KEY (owner))");
            s.execute("SET SESSION cte_max_recursion_depth = 100000");
            s.execute("INSERT INTO items (owner, note) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                    + " WHERE i < " + ROWS + ") SELECT i % 501, CONCAT('item ', i) FROM n");
        }
        List<String> args = List.of("move", "--source", url(source, sourceDb),
                "--target", url(target, low) + "@-80", "--target", url(target, high) + "@80-",
                "--tables", "items", "--sharding-key", "items=owner:hash",
                "--source-user", USER, "--target-user", USER, "--execute", "--chunk-size", "200");
        boolean midCopy = faultPoint.startsWith("chunk-copied");
        Writer writer = new Writer(source, sourceDb);
        if (midCopy) {
            writer.start();
        }
        Tarball.Running first = tarball.start(args, Tarball.passwordsAndFaultAt(faultPoint));
        try {
            first.awaitStderr("FAULT POINT " + faultPoint.split(":")[0] + " REACHED", Duration.ofSeconds(60));
        } finally {
            writer.stop();
        }
        first.kill();
        writer.check();
        if (midCopy) {
            assertTrue(writer.moves.get() > 0, "no sharding-column change during the killed run");
            writer.runFor(1_000); // more changes between the kill and the rerun
            writer.check();
        }

        Tarball.Result rerun = tarball.start(args, Tarball.passwords()).await(TIMEOUT);
        assertEquals(0, rerun.exitCode(), "the rerun failed:\n" + rerun + "\n==== killed run ====\n" + first.describe());
        assertTrue(rerun.out().contains("resuming run"), "the rerun did not resume:\n" + rerun);

        List<List<String>> all = Tarball.rows(source, sourceDb, "_items_del", "id");
        List<List<String>> expectLow = new ArrayList<>();
        List<List<String>> expectHigh = new ArrayList<>();
        for (List<String> row : all) {
            long owner = Long.parseLong(row.get(1).substring("owner=".length(), row.get(1).indexOf('/')));
            (hash(owner)[0] < 0 ? expectHigh : expectLow).add(row); // first byte >= 0x80: shard 80-
        }
        Tarball.assertRowsEqual(expectLow, Tarball.rows(target, low, "items", "id"), "items on shard -80");
        Tarball.assertRowsEqual(expectHigh, Tarball.rows(target, high, "items", "id"), "items on shard 80-");
        assertTrue(!expectLow.isEmpty() && !expectHigh.isEmpty());
        System.out.println("RESHARD KILL " + faultPoint + ": " + all.size() + " rows, " + expectLow.size() + " on -80, "
                + expectHigh.size() + " on 80-, " + writer.writes.get() + " writes (" + writer.moves.get()
                + " moved a row between shards); rerun " + rerun.millis() + " ms");
    }

    /** Vitess's {@code hash} vindex: DES (all-zero key) of the 8-byte big-endian unsigned value. */
    static byte[] hash(long value) throws Exception {
        Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
        des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[8], "DES"));
        return des.doFinal(ByteBuffer.allocate(8).putLong(value).array());
    }

    @org.junit.jupiter.api.Test
    void hashMatchesTheVitessVectors() throws Exception {
        assertEquals("166b40b44aba4bd6", HexFormat.of().formatHex(hash(1)));
        assertEquals("f098480ac4c4be71", HexFormat.of().formatHex(hash(6)));
    }

    /** Updates (sharding column included), inserts and deletes on the source, one thread. */
    private static final class Writer {
        private final MysqlServers.Server server;
        private final String db;
        private final AtomicLong writes = new AtomicLong();
        private final AtomicLong moves = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Random random = new Random(7);
        private volatile boolean running;
        private Thread thread;

        Writer(MysqlServers.Server server, String db) {
            this.server = server;
            this.db = db;
        }

        void start() {
            running = true;
            thread = new Thread(() -> {
                try (Connection c = server.connect(db); Statement s = c.createStatement()) {
                    while (running) {
                        write(s);
                        Thread.sleep(3);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "reshard-writer");
            thread.setDaemon(true);
            thread.start();
        }

        void runFor(long ms) throws InterruptedException {
            start();
            Thread.sleep(ms);
            stop();
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(10_000);
            }
        }

        void check() {
            if (failure.get() != null) {
                throw new AssertionError("writer failed", failure.get());
            }
        }

        private void write(Statement s) throws SQLException {
            int id = 1 + random.nextInt(ROWS + 200);
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    if (s.executeUpdate("UPDATE items SET owner = " + random.nextInt(100_000) + " WHERE id = " + id) > 0) {
                        moves.incrementAndGet();
                    }
                }
                case 2 -> s.executeUpdate("INSERT INTO items (owner, note) VALUES (" + random.nextInt(100_000) + ", 'new')");
                case 3 -> s.executeUpdate("DELETE FROM items WHERE id = " + id);
                default -> s.executeUpdate("UPDATE items SET note = CONCAT('changed ', id) WHERE id = " + id);
            }
            writes.incrementAndGet();
        }
    }
}
