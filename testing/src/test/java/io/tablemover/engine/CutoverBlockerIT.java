package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static io.tablemover.testing.TestData.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cutover under a metadata-lock blocker (issue 9, item 4): an application transaction keeps a moved table's
 * metadata lock for 12 s while the run wants to cut over. The run must not send its RENAME while the blocker holds
 * the table (a RENAME queued behind it would stall every application query on the table), must keep trying past
 * the blocker instead of giving up, and must cut over once the blocker ends.
 *
 * <p>Before the fix this failed: the RENAME went out at once with a 5 s lock wait timeout (2 s here), stalled the
 * application's UPDATEs for the whole timeout on each of its 3 attempts, and the run exited 4 after ~8 s while the
 * blocker still ran. With the retries alone (no look for blockers first, as when performance_schema is OFF) the run
 * completes but every attempt stalls the application for the whole 2 s (measured: 1,991 ms); with the check no
 * RENAME is sent while the blocker holds the table (measured: 68 ms), hence the tighter bound below.
 */
class CutoverBlockerIT {
    private static final int ROWS = 2_000;
    private static final long LOCK_TIMEOUT_MS = 2_000;
    private static final long BLOCKER_MS = 12_000;

    private final MysqlServers servers = MysqlServers.get();

    @TempDir
    Path temp;

    @Test
    void theRenameWaitsOutAMetadataLockBlockerWithoutStallingTheApplication() throws Exception {
        String src = servers.source().createDatabase("mdl_src");
        String tgt = servers.target().createDatabase("mdl_tgt");
        Path hold = Files.createFile(temp.resolve("hold-cutover"));
        try (Connection c = servers.source().connect(src);
             Connection blocker = servers.source().connect(src);
             Connection app = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, ROWS);
            CountDownLatch waiting = new CountDownLatch(1);
            MoveListener listener = new MoveListener() {
                @Override
                public void phase(Phase phase) {
                    if (phase == Phase.WAIT_CUTOVER) {
                        waiting.countDown();
                    }
                }
            };
            CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                    listener, "--execute", "--postpone-cutover-flag-file", hold.toString(),
                    "--cutover-lock-timeout-seconds", Long.toString(LOCK_TIMEOUT_MS / 1000)));
            assertTrue(waiting.await(60, TimeUnit.SECONDS), "the run reaches WAIT_CUTOVER");

            // the blocker: an open transaction that touched t holds its metadata lock until it ends
            blocker.setAutoCommit(false);
            exec(blocker, "SELECT v FROM t WHERE id = 1 FOR UPDATE");
            long blockerStart = System.nanoTime();

            // the application: single-row UPDATEs of another row, timed, until the RENAME makes them fail (1146)
            AtomicLong longestMs = new AtomicLong();
            AtomicLong renamedAt = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                int n = 0;
                try (Statement s = app.createStatement()) {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        try {
                            s.executeUpdate("UPDATE t SET v = 'app " + (n++) + "' WHERE id = 2");
                        } catch (SQLException e) {
                            if (e.getErrorCode() == 1146) {
                                renamedAt.set(System.nanoTime());
                                return;
                            }
                            throw e;
                        } finally {
                            longestMs.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                        }
                        Thread.sleep(20);
                    }
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "application-writer");
            writer.start();

            Thread.sleep(1_500); // a transaction this old is a blocker, not one of the application's short ones
            Files.delete(hold); // let the cutover begin while the blocker holds the table
            Thread.sleep(BLOCKER_MS - 1_500);
            long blockerEnd = System.nanoTime();
            blocker.commit();

            MoveHarness.Run done = run.get(60, TimeUnit.SECONDS);
            writer.join(10_000); // its next UPDATE meets the renamed table (the run may end within its 20 ms pause)
            stop.set(true);
            assertEquals(ExitCode.OK.code(), done.exitCode(), done.err());
            assertTrue(renamedAt.get() != 0, "the application saw the RENAME (error 1146)");
            assertTrue(renamedAt.get() > blockerEnd, "the RENAME waited for the blocker to end ("
                    + (renamedAt.get() - blockerStart) / 1_000_000 + " ms after it began)");
            System.out.println("CutoverBlockerIT: longest application UPDATE during the cutover " + longestMs.get()
                    + " ms (lock wait timeout " + LOCK_TIMEOUT_MS + " ms)");
            assertTrue(longestMs.get() < LOCK_TIMEOUT_MS + 500, "longest application stall " + longestMs.get() + " ms");
            assertTrue(longestMs.get() < LOCK_TIMEOUT_MS / 2, "no RENAME was sent while the blocker held the table: longest"
                    + " application stall " + longestMs.get() + " ms");

            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
        }
    }
}
