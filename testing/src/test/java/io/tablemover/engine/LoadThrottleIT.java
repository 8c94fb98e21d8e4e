package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static io.tablemover.testing.TestData.seed;
import static io.tablemover.testing.TestData.rowsCopied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.StatusLine;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.state.RunToken;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.SourceLoad;
import io.tablemover.testing.RowComparer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code --max-load} and {@code --critical-load} on a real move, with real load on the source: sessions running
 * {@code SELECT SLEEP} raise its {@code Threads_running} past the threshold.
 */
class LoadThrottleIT {
    private static final int ROWS = 60_000;
    private static final int LOAD = 12;

    private final MysqlServers servers = MysqlServers.get();




    static void awaitRowsCopied(ServerPool target, String db, String token, CompletableFuture<?> run) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (rowsCopied(target, db, token) <= 0) {
            assertTrue(System.nanoTime() < deadline, "no chunk copied within 15 s");
            assertFalse(run.isDone(), "the move ended early: " + run.getNow(null));
            Thread.sleep(2);
        }
    }

    static void assertMoved(ServerPool source, String src, ServerPool target, String tgt, int rows) throws Exception {
        TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
        RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
        assertEquals(rows, cmp.leftRows());
        assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
    }

    private static String valueOnTarget(ServerPool target, String db, int id) {
        return target.dsl().fetchOne("select v from `" + db + "`.t where id = ?", id).get(0, String.class);
    }

    /** @return a threshold that the move alone stays below and {@link #LOAD} sleeping sessions reach */
    private long threshold() throws Exception {
        return SourceLoad.threadsRunning(servers.source()) + LOAD - 4;
    }

    private CompletableFuture<MoveHarness.Run> move(String src, String tgt, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--execute", "--chunk-size", "50", "--copy-threads", "1",
                "--status-interval-seconds", "1"));
        args.addAll(List.of(extra));
        return CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t", MoveListener.NONE, args.toArray(String[]::new)));
    }

    private static ListAppender<ILoggingEvent> captureStatus() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(StatusLine.class)).addAppender(appender);
        return appender;
    }

    private static boolean logged(ListAppender<ILoggingEvent> appender, String text) {
        synchronized (appender) {
            return List.copyOf(appender.list).stream().anyMatch(e -> e.getFormattedMessage().contains(text));
        }
    }

    @Test
    void maxLoadPausesCopyAndApplyWhileTheSourceIsLoaded() throws Exception {
        String src = servers.source().createDatabase("max_load_src");
        String tgt = servers.target().createDatabase("max_load_tgt");
        ListAppender<ILoggingEvent> status = captureStatus();
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, ROWS);
            String token = RunToken.of(src, tgt, List.of("t"));
            long threshold = threshold();
            CompletableFuture<MoveHarness.Run> run = move(src, tgt, "--max-load", "Threads_running=" + threshold);
            awaitRowsCopied(target, tgt, token, run);
            try (SourceLoad load = SourceLoad.start(servers.source(), LOAD)) {
                Thread.sleep(1_500); // the throttler's next reading (1 s), the gate's next check, the chunk in flight
                long before = rowsCopied(target, tgt, token);
                exec(c, "UPDATE t SET v = 'changed while loaded' WHERE id = 1");
                Thread.sleep(2_000);
                long after = rowsCopied(target, tgt, token);
                assertEquals(before, after, "rows copied while the source is loaded");
                assertTrue(after < ROWS, "the copy is not done: " + after);
                assertEquals("row 1", valueOnTarget(target, tgt, 1), "the change is not applied while throttled");
                assertFalse(run.isDone(), "the move waits");
                assertTrue(logged(status, "throttled by max-load: Threads_running="), "status line names the throttler");
            }
            MoveHarness.Run done = run.get(60, TimeUnit.SECONDS);
            assertEquals(ExitCode.OK.code(), done.exitCode(), done.err());
            assertEquals("changed while loaded", valueOnTarget(target, tgt, 1));
            assertMoved(source, src, target, tgt, ROWS);
        } finally {
            ((Logger) LoggerFactory.getLogger(StatusLine.class)).detachAppender(status);
        }
    }

    @Test
    void criticalLoadStopsTheRunBeforeTheRenameAndTheSameCommandResumesIt() throws Exception {
        String src = servers.source().createDatabase("critical_src");
        String tgt = servers.target().createDatabase("critical_tgt");
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, ROWS);
            String token = RunToken.of(src, tgt, List.of("t"));
            String[] options = {"--critical-load", "Threads_running=" + threshold()};
            CompletableFuture<MoveHarness.Run> run = move(src, tgt, options);
            awaitRowsCopied(target, tgt, token, run);
            MoveHarness.Run failed;
            try (SourceLoad load = SourceLoad.start(servers.source(), LOAD)) {
                failed = run.get(10, TimeUnit.SECONDS);
            }
            assertEquals(ExitCode.RUNTIME_FAILURE.code(), failed.exitCode(), failed.out() + failed.err());
            assertTrue(failed.err().startsWith("move failed: critical load on the source: Threads_running="), failed.err());
            assertTrue(failed.err().contains("--critical-load") && failed.err().contains("run the same command again"), failed.err());
            assertEquals(1, failed.err().strip().lines().count(), "one line: " + failed.err());
            long copied = rowsCopied(target, tgt, token);
            assertTrue(copied > 0 && copied < ROWS, "stopped during the copy: " + copied);
            SchemaReader reader = new SchemaReader(source.dsl());
            assertEquals(1, reader.tableTypes(src, List.of("t")).size(), "the source table is untouched");
            assertTrue(reader.tableTypes(src, List.of("_t_del")).isEmpty(), "no rename on the source");

            // the same command, once the load is gone, resumes and completes the run
            MoveHarness.Run resumed = move(src, tgt, options).get(60, TimeUnit.SECONDS);
            assertEquals(ExitCode.OK.code(), resumed.exitCode(), resumed.err());
            assertTrue(resumed.out().contains("resuming run " + token), resumed.out());
            assertMoved(source, src, target, tgt, ROWS);
        }
    }

    @Test
    void criticalLoadWithHibernationPausesInsteadOfStopping() throws Exception {
        String src = servers.source().createDatabase("hibernate_src");
        String tgt = servers.target().createDatabase("hibernate_tgt");
        ListAppender<ILoggingEvent> status = captureStatus();
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, ROWS);
            String token = RunToken.of(src, tgt, List.of("t"));
            CompletableFuture<MoveHarness.Run> run = move(src, tgt, "--critical-load", "Threads_running=" + threshold(),
                    "--critical-load-hibernate-seconds", "4");
            awaitRowsCopied(target, tgt, token, run);
            try (SourceLoad load = SourceLoad.start(servers.source(), LOAD)) {
                Thread.sleep(1_300); // one reading sees the load: hibernation starts
            }
            // the load is gone, yet the run hibernates: nothing copied for a while
            Thread.sleep(300);
            long before = rowsCopied(target, tgt, token);
            Thread.sleep(1_500);
            assertEquals(before, rowsCopied(target, tgt, token), "rows copied while hibernating");
            assertFalse(run.isDone(), "hibernation does not stop the run");
            assertTrue(logged(status, "throttled by critical-load: hibernating until "), "status line says hibernating");
            MoveHarness.Run done = run.get(60, TimeUnit.SECONDS);
            assertEquals(ExitCode.OK.code(), done.exitCode(), done.err());
            assertMoved(source, src, target, tgt, ROWS);
        } finally {
            ((Logger) LoggerFactory.getLogger(StatusLine.class)).detachAppender(status);
        }
    }

    @Test
    void aCriticalLoadSpikeShorterThanTheIntervalDoesNotStopTheRun() throws Exception {
        String src = servers.source().createDatabase("spike_src");
        String tgt = servers.target().createDatabase("spike_tgt");
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, ROWS);
            String token = RunToken.of(src, tgt, List.of("t"));
            CompletableFuture<MoveHarness.Run> run = move(src, tgt, "--critical-load", "Threads_running=" + threshold(),
                    "--critical-load-interval-millis", "3000");
            awaitRowsCopied(target, tgt, token, run);
            try (SourceLoad load = SourceLoad.start(servers.source(), LOAD)) {
                Thread.sleep(1_300); // one reading sees the spike
            }
            MoveHarness.Run done = run.get(60, TimeUnit.SECONDS);
            assertEquals(ExitCode.OK.code(), done.exitCode(), done.err());
            assertMoved(source, src, target, tgt, ROWS);
        }
    }

    @Test
    void loadOptionMistakesAreInvalidInput() throws Exception {
        String src = servers.source().createDatabase("load_input_src");
        String tgt = servers.target().createDatabase("load_input_tgt");
        try (Connection c = servers.source().connect(src)) {
            seed(c, 10);
        }
        MoveHarness.Run r = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--max-load", "Threads_running");
        assertEquals(ExitCode.INVALID_INPUT.code(), r.exitCode(), r.err());
        assertTrue(r.err().startsWith("error: --max-load: 'Threads_running' has no '='"), r.err());

        r = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--critical-load", "Threads_running=lots");
        assertEquals(ExitCode.INVALID_INPUT.code(), r.exitCode(), r.err());
        assertTrue(r.err().contains("--critical-load: the threshold of Threads_running is 'lots'"), r.err());

        r = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--critical-load-hibernate-seconds", "10");
        assertEquals(ExitCode.INVALID_INPUT.code(), r.exitCode(), r.err());
        assertTrue(r.err().contains("--critical-load-hibernate-seconds needs --critical-load"), r.err());

        // an unknown variable is found by asking the source, in a dry run already
        r = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--max-load", "Threads_running=50,Threads_sprinting=5");
        assertEquals(ExitCode.INVALID_INPUT.code(), r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: --max-load: the source has no GLOBAL STATUS variable 'threads_sprinting'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");

        r = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--max-load", "Threads_running=5000", "--critical-load",
                "Threads_running=9000");
        assertEquals(ExitCode.OK.code(), r.exitCode(), r.err());
        assertTrue(r.out().contains("copy and binlog apply pause while the source's Threads_running >= 5000 or the source's"
                + " Threads_running >= 9000 (critical: the run then fails)"), r.out());
    }
}
