package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static io.tablemover.testing.TestData.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An application transaction holds row locks in the middle of a moved table (a changed, uncommitted row). The copy
 * reads with plain consistent reads (issue 10: no source lock held, none waited for), so the copy and the verify finish
 * while the locks are held, and the run waits only at its cutover, whose RENAME needs the table's metadata lock that
 * the transaction holds (CutoverBlockerIT). Once the transaction commits, its change reaches the target and the run
 * completes. Before issue 10 the copy's locking read waited for the row lock: the run did not get past COPY.
 */
class RowLockWaitIT {
    private static final int ROWS = 3_000;

    private final MysqlServers servers = MysqlServers.get();

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRowLockHeldByTheApplicationDoesNotStallTheCopy() throws Exception {
        String src = servers.source().createDatabase("rowlock_src");
        String tgt = servers.target().createDatabase("rowlock_tgt");
        CountDownLatch waitingForCutover = new CountDownLatch(1);
        MoveListener listener = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase == Phase.WAIT_CUTOVER) {
                    waitingForCutover.countDown();
                }
            }
        };
        try (Connection c = servers.source().connect(src);
             Connection blocker = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, ROWS);
            blocker.setAutoCommit(false);
            exec(blocker, "UPDATE t SET v = 'changed while copied' WHERE id = 1500",
                    "SELECT v FROM t WHERE id BETWEEN 1000 AND 2000 FOR UPDATE");
            CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                    listener, "--execute", "--chunk-size", "500", "--chunk-time", "0", "--lock-wait-timeout-seconds", "1"));
            assertTrue(waitingForCutover.await(60, TimeUnit.SECONDS),
                    "the copy and the verify did not finish while the application held its row locks");
            assertFalse(run.isDone(), "the run cut over although the blocker holds the table's metadata lock");
            blocker.commit();
            MoveHarness.Run done = run.get(60, TimeUnit.SECONDS);
            assertEquals(ExitCode.OK.code(), done.exitCode(), done::toString);
            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
            try (Connection t = servers.target().connect(tgt)) {
                assertTrue(TableChecks.value(t, "SELECT v FROM t WHERE id = 1500").equals("changed while copied"));
            }
        }
    }

    /** One-value queries. */
    private static final class TableChecks {
        static String value(Connection c, String sql) throws Exception {
            try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
                assertTrue(rs.next(), sql);
                return rs.getString(1);
            }
        }
    }
}
