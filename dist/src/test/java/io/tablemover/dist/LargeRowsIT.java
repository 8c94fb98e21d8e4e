package io.tablemover.dist;

import static io.tablemover.dist.Tarball.USER;
import static io.tablemover.dist.Tarball.createMoveUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.dist.Tarball.Result;
import io.tablemover.testing.MysqlServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table of 4 MiB LONGBLOB rows moved by the tarball's {@code bin/tablemover} with its default heap (512 MiB):
 * chunks end at {@code --chunk-max-bytes} (16 MiB), so the copy never holds 1,000 such rows (4 GiB) at once. Before,
 * the copy's first chunk ran out of memory, and the run hung at "copy 0%" (the OutOfMemoryError escaped the
 * transfer's cleanup, the half-read connection's close waited forever).
 */
class LargeRowsIT {
    private static final int ROWS = 100;
    /** Each row's blob: 4 MiB. */
    private static final int BLOB_BYTES = 4 << 20;
    private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path install;

    private static Tarball tarball;

    @BeforeAll
    static void extractTarball() throws Exception {
        tarball = Tarball.extract(install);
    }

    @Test
    void movesFourMibRowsInTheDefault512MibHeap() throws Exception {
        MysqlServers servers = MysqlServers.get();
        MysqlServers.Server source = servers.source();
        MysqlServers.Server target = servers.target();
        String sourceDb = source.createDatabase("blob_src");
        String targetDb = target.createDatabase("blob_tgt");
        createMoveUser(source);
        createMoveUser(target);
        try (Connection c = source.connect(sourceDb); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE blobs (id INT PRIMARY KEY, note VARCHAR(20), b LONGBLOB)");
            for (int i = 1; i <= ROWS; i++) {
                // made on the server: RANDOM_BYTES gives at most 1024 bytes, repeated to 4 MiB
                s.execute("INSERT INTO blobs VALUES (" + i + ", 'row " + i + "', REPEAT(RANDOM_BYTES(1024), "
                        + BLOB_BYTES / 1024 + "))");
            }
        }
        List<String> before = digests(source, sourceDb, "blobs");
        assertEquals(ROWS, before.size());

        long started = System.nanoTime();
        Result r = tarball.run(List.of("move",
                        "--source", Tarball.url(source, sourceDb),
                        "--target", Tarball.url(target, targetDb),
                        "--tables", "blobs",
                        "--source-user", USER,
                        "--target-user", USER,
                        "--execute"),
                Tarball.passwords(),
                MOVE_TIMEOUT);
        System.out.println("large rows: exit " + r.exitCode() + " after " + (System.nanoTime() - started) / 1_000_000
                + " ms\n---- stdout ----\n" + r.out() + "---- stderr ----\n" + r.err() + "----");
        assertEquals(0, r.exitCode(), "bin/tablemover move failed:\n" + r);
        assertFalse(r.err().contains("OutOfMemoryError") || r.err().contains("out of memory"), r.toString());
        assertTrue(r.cmdlines().stream().anyMatch(c -> c.contains("-Xmx512m")),
                "the JVM did not run with the default -Xmx512m: " + r.cmdlines());
        assertEquals(before, digests(target, targetDb, "blobs"), "rows on the target");
        assertEquals(before, digests(source, sourceDb, "_blobs_del"), "rows of the renamed source table");
    }

    /** @return each row as {@code id|note|length|SHA2 of the blob}, in key order: row by row, without 4 MiB strings */
    private static List<String> digests(MysqlServers.Server server, String db, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = server.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CONCAT_WS('|', id, note, LENGTH(b), SHA2(b, 256)) FROM `" + table
                     + "` ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
