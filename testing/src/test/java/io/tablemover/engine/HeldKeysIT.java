package io.tablemover.engine;

import static io.tablemover.testing.TestData.await;
import static io.tablemover.testing.TestData.count;
import static io.tablemover.testing.TestData.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The apply does not write a key that a copy chunk in its write phase holds (transfer.AppliedKeys#held): a chunk that
 * read its rows and began its REPLACE must not be overtaken by the apply of a newer image of one of its keys, or the
 * chunk's older value lands last.
 *
 * <p>Made deterministic: when the copy begins, the test inserts (without committing) on the target the row with key 500
 * of the first 1,000-row chunk, so that chunk's REPLACE waits at key 500 with keys 501..1000 not yet written (the test
 * sees the REPLACE in the target's processlist). Then one
 * source transaction updates key 700 (in the waiting chunk, which read it before) and key 2900 (not yet copied). Once
 * the target shows 2900's new value (the apply wrote that batch), the test rolls back: the chunk writes its rows,
 * including the old value of 700. Without the hold (checked by making {@code AppliedKeys.held} return no key) the apply
 * wrote 700's new value at once and the chunk overwrote it: the target kept {@code v=0} for key 700 against the
 * source's 99. With the hold the apply writes 700 after the chunk committed.
 */
class HeldKeysIT {
    private final MysqlServers servers = MysqlServers.get();

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theApplyWaitsForTheChunkThatHoldsAKeyAndLandsLast() throws Exception {
        String src = servers.source().createDatabase("held_src");
        String tgt = servers.target().createDatabase("held_tgt");
        try (Connection c = servers.source().connect(src)) {
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL)", "SET SESSION cte_max_recursion_depth = 4000",
                    "INSERT INTO t WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 3000)"
                            + " SELECT n, 0 FROM s");
        }
        AtomicReference<Connection> lock = new AtomicReference<>();
        MoveListener blockFirstChunk = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase == Phase.COPY) {
                    try {
                        Connection c = servers.target().connect(tgt);
                        c.setAutoCommit(false);
                        exec(c, "INSERT INTO t VALUES (500, -1)");
                        lock.set(c);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                blockFirstChunk, "--execute", "--chunk-size", "1000", "--chunk-time", "0", "--copy-threads", "1",
                "--skip-verify"));
        try (Connection target = servers.target().connect(tgt); Connection source = servers.source().connect(src)) {
            // the chunk read its rows before it writes them: its REPLACE, stuck at key 500, shows in the processlist
            // (information_schema.INNODB_TRX was seen empty meanwhile when other tests ran in the same JVM before)
            await(() -> count(target, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '" + tgt
                    + "' AND INFO LIKE 'replace into%'") > 0, "the first chunk's REPLACE waiting at key 500", 60);
            source.setAutoCommit(false);
            exec(source, "UPDATE t SET v = 99 WHERE id IN (700, 2900)");
            source.commit();
            await(() -> count(target, "SELECT COUNT(*) FROM t WHERE id = 2900 AND v = 99") == 1,
                    "the apply of the source transaction", 60);
            release(lock.get());
            MoveHarness.Run done = run.get(2, TimeUnit.MINUTES);
            assertEquals(0, done.exitCode(), done.out() + done.err());
            assertEquals(1, count(target, "SELECT COUNT(*) FROM t WHERE id = 700 AND v = 99"),
                    "key 700: the chunk's older value must not land after the apply's");
        } finally {
            release(lock.get()); // a failure above must not leave the run blocked (and streaming) for later tests
            run.get(2, TimeUnit.MINUTES);
        }
        try (ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
        }
    }

    private static void release(Connection lock) throws SQLException {
        if (lock != null && !lock.isClosed()) {
            lock.rollback();
            lock.close();
        }
    }

}
