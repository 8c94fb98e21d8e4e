package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static io.tablemover.testing.TestData.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.StatusLine;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 9, item 5: an application transaction holds a row lock in the chunk being copied for longer than the copy
 * used to wait. The copy must wait it out (saying in the status line who holds the lock) and complete, up to
 * {@code --lock-wait-retry-timeout-seconds}; past that the run stops with exit code 4 and one line naming the
 * blocker, the source untouched and the run resumable.
 *
 * <p>The session lock wait timeout is shortened to 1 s ({@code --lock-wait-timeout-seconds 1}), so the old give-up
 * (10 attempts of one lock wait timeout each, plus 2.25 s of pauses) came after about 12 s instead of about 55 s.
 * Checked by running this test against the engine as it was before the fix (with {@code --lock-wait-timeout-seconds}
 * but without the retry): {@link #aRowLockHeldLongerThanTheOldGiveUpIsWaitedOut} failed, the run exited 4 after
 * 14-15 s ("copy failed: table t: Lock wait timeout exceeded; try restarting transaction") while the blocker still
 * held the row; {@link #pastTheRetryLimitTheRunStopsNamingTheBlockerAndResumes} failed with exit code 2 (no such
 * option).
 */
class RowLockWaitIT {
    private static final int ROWS = 3_000;
    /** Longer than the old give-up with a 1 s lock wait timeout (14 s after the run started, here). */
    private static final long HOLD_MS = 18_000;

    private final MysqlServers servers = MysqlServers.get();

    @Test
    void aRowLockHeldLongerThanTheOldGiveUpIsWaitedOut() throws Exception {
        String src = servers.source().createDatabase("rowlock_src");
        String tgt = servers.target().createDatabase("rowlock_tgt");
        ListAppender<ILoggingEvent> status = capture(StatusLine.class);
        try (Connection c = servers.source().connect(src);
             Connection blocker = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, ROWS);
            long blockerId = lockRow(blocker, 1_500); // in the second chunk of 1000 rows
            long start = System.nanoTime();
            CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                    MoveListener.NONE, "--execute", "--lock-wait-timeout-seconds", "1", "--status-interval-seconds", "1"));
            try {
                MoveHarness.Run early = run.get(HOLD_MS, TimeUnit.MILLISECONDS);
                fail("the run ended while the blocker held its row lock, after "
                        + (System.nanoTime() - start) / 1_000_000 + " ms: " + early);
            } catch (TimeoutException expected) {
                // still waiting, as it should
            }
            blocker.commit();
            MoveHarness.Run done = run.get(60, TimeUnit.SECONDS);
            assertEquals(ExitCode.OK.code(), done.exitCode(), done::toString);

            List<String> waits = status.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(l -> l.contains("row lock")).toList();
            assertFalse(waits.isEmpty(), "no status line said the copy waits for a row lock");
            String last = waits.get(waits.size() - 1);
            System.out.println("RowLockWaitIT: " + last);
            assertTrue(last.contains("connection " + blockerId + " ("), "the blocker is not named: " + last);
            assertTrue(last.contains(src + ".t"), "the table is not named: " + last);

            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
        } finally {
            release(status, StatusLine.class);
        }
    }

    @Test
    void pastTheRetryLimitTheRunStopsNamingTheBlockerAndResumes() throws Exception {
        String src = servers.source().createDatabase("rowlock_limit_src");
        String tgt = servers.target().createDatabase("rowlock_limit_tgt");
        try (Connection c = servers.source().connect(src);
             Connection blocker = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, ROWS);
            String before = checksum(c);
            long blockerId = lockRow(blocker, 10);
            long start = System.nanoTime();
            MoveHarness.Run stopped = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute",
                    "--lock-wait-timeout-seconds", "1", "--lock-wait-retry-timeout-seconds", "3");
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("RowLockWaitIT: " + stopped.err().strip() + " (" + millis + " ms)");
            assertEquals(ExitCode.RUNTIME_FAILURE.code(), stopped.exitCode(), stopped::toString);
            List<String> lines = stopped.err().lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), stopped::toString);
            String line = lines.get(0);
            assertTrue(line.startsWith("move failed: "), line);
            assertTrue(line.contains("row lock on " + src + ".t"), line);
            assertTrue(line.contains("connection " + blockerId + " ("), "the blocker is not named: " + line);
            assertTrue(line.contains("KILL " + blockerId), "no fix: " + line);
            assertTrue(line.contains("--lock-wait-retry-timeout-seconds"), line);
            assertTrue(line.contains("run the same command again to resume"), line);
            assertTrue(millis < 20_000, "gave up after " + millis + " ms");

            // the source is untouched: same table, same rows (the blocker has not committed anything)
            assertEquals(before, checksum(c));
            blocker.commit();

            MoveHarness.Run resumed = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute",
                    "--lock-wait-timeout-seconds", "1", "--lock-wait-retry-timeout-seconds", "3");
            assertEquals(ExitCode.OK.code(), resumed.exitCode(), resumed::toString);
            assertTrue(resumed.out().contains("resuming run"), resumed::toString);
            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
        }
    }

    /** Opens a transaction on {@code blocker} holding an exclusive lock on row {@code id}; @return its connection id */
    private static long lockRow(Connection blocker, int id) throws SQLException {
        blocker.setAutoCommit(false);
        exec(blocker, "SELECT v FROM t WHERE id = " + id + " FOR UPDATE");
        try (Statement s = blocker.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static String checksum(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("CHECKSUM TABLE t")) {
            assertTrue(rs.next());
            return rs.getString(2);
        }
    }

    private static ListAppender<ILoggingEvent> capture(Class<?> logger) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(logger)).addAppender(appender);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender, Class<?> logger) {
        ((Logger) LoggerFactory.getLogger(logger)).detachAppender(appender);
        appender.stop();
    }
}
