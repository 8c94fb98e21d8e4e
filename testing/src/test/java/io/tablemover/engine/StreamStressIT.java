package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static io.tablemover.testing.TestData.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binlog stream and the shutdown under stress, on real servers: a source transaction larger than the change
 * buffer while the applier is slow (throttled) is streamed once, on one connection (the client's keep-alive used to
 * reconnect and replay it while the consumer was merely slow); {@code panic} and a failure while the run is
 * throttled and the change buffer is full end the run within seconds with their one line (the shutdown used to
 * deadlock: the binlog thread waited for buffer space that the closed applier never freed, and the stream's
 * disconnect waited for that thread).
 */
class StreamStressIT {
    private final MysqlServers servers = MysqlServers.get();

    @TempDir
    Path temp;

    private Path socket;

    /** {@code echo LINE | nc -U SOCKET}: one command per connection, the whole reply. */
    private String send(String line) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (c.read(buffer) >= 0) {
                // until the server closes the connection
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        }
    }

    private String sup() {
        try {
            return send("sup");
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(String what, CompletableFuture<?> run, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 30 s: " + what);
            assertFalse(run.isDone(), "the move ended before " + what + ": " + run.getNow(null));
            Thread.sleep(25);
        }
    }

    /** Starts the move of {@code t}, serving commands on {@link #socket}, and throttles it before its copy starts. */
    private CompletableFuture<MoveHarness.Run> startThrottled(String src, String tgt, String... more) throws Exception {
        socket = temp.resolve("tm.sock");
        List<String> args = new ArrayList<>(List.of("--execute", "--serve-socket-file", socket.toString()));
        args.addAll(List.of(more));
        CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                MoveListener.NONE, args.toArray(String[]::new)));
        await("the socket file", run, () -> Files.exists(socket));
        assertTrue(send("throttle").startsWith("throttled by user command"));
        await("the copy phase", run, () -> sup().startsWith("copy "));
        return run;
    }

    /** @return the ids of the source's binlog dump threads (one per connected binlog client) */
    private Set<Long> binlogDumpThreads() throws SQLException {
        Set<Long> ids = new TreeSet<>();
        try (Connection c = servers.source().connect(null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    @Test
    void aTransactionLargerThanTheBufferWhileTheApplierIsSlowIsStreamedOnceOnOneConnection() throws Exception {
        String src = servers.source().createDatabase("stress_tx_src");
        String tgt = servers.target().createDatabase("stress_tx_tgt");
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, 20_000);
            Set<Long> before = binlogDumpThreads();
            CompletableFuture<MoveHarness.Run> run = startThrottled(src, tgt, "--change-buffer-keys", "20000");
            Set<Long> seen = new TreeSet<>(binlogDumpThreads());

            // one transaction of 200,000 rows: ten times what the buffer holds, while the applier takes nothing
            exec(c, "SET SESSION cte_max_recursion_depth = 200001",
                    "INSERT INTO t WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 200000)"
                            + " SELECT 1000000 + n, CONCAT('big ', n) FROM s");
            // slow consumer for 12 s: the client's old 5 s keep-alive reconnected twice meanwhile
            long until = System.nanoTime() + 12_000_000_000L;
            while (System.nanoTime() < until) {
                seen.addAll(binlogDumpThreads());
                Thread.sleep(250);
            }
            assertTrue(send("no-throttle").startsWith("no longer throttled"));
            while (!run.isDone()) {
                seen.addAll(binlogDumpThreads());
                Thread.sleep(250);
                try {
                    run.get(1, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    assertTrue(System.nanoTime() < until + 240_000_000_000L, "the move did not finish within 4 min");
                }
            }
            MoveHarness.Run done = run.get();
            assertEquals(0, done.exitCode(), done.err());
            seen.removeAll(before);
            assertEquals(1, seen.size(), "binlog dump threads of the run (one connection, never re-established): " + seen);

            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertEquals(220_000, cmp.leftRows());
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
        }
    }

    /** Starts a throttled move with a 100-key change buffer and fills the buffer with changes of {@code t}. */
    private CompletableFuture<MoveHarness.Run> throttledWithAFullBuffer(Connection c, String src, String tgt)
            throws Exception {
        seed(c, 1_000);
        CompletableFuture<MoveHarness.Run> run = startThrottled(src, tgt, "--change-buffer-keys", "100",
                "--checkpoint-interval", "1");
        exec(c, "UPDATE t SET v = CONCAT(v, '+')");
        Thread.sleep(2_000); // the stream received the first 100 keys and waits for buffer space
        assertTrue(send("status").contains("throttled by user command"), send("status"));
        return run;
    }

    private static MoveHarness.Run endsWithin10s(CompletableFuture<MoveHarness.Run> run, String what) throws Exception {
        long started = System.nanoTime();
        try {
            MoveHarness.Run r = run.get(10, TimeUnit.SECONDS);
            System.out.println(what + ": the run ended " + (System.nanoTime() - started) / 1_000_000 + " ms later");
            return r;
        } catch (TimeoutException e) {
            fail("the run did not end within 10 s of " + what + " (throttled, change buffer full)");
            return null;
        }
    }

    @Test
    void panicWhileThrottledWithAFullChangeBufferEndsTheRunWithinSeconds() throws Exception {
        String src = servers.source().createDatabase("stress_panic_src");
        String tgt = servers.target().createDatabase("stress_panic_tgt");
        try (Connection c = servers.source().connect(src)) {
            CompletableFuture<MoveHarness.Run> run = throttledWithAFullBuffer(c, src, tgt);
            assertTrue(send("panic").startsWith("panic: the run stops before the RENAME"));
            MoveHarness.Run r = endsWithin10s(run, "panic");
            assertEquals(ExitCode.RUNTIME_FAILURE.code(), r.exitCode(), r.err());
            assertEquals("move failed: aborted by the panic command at phase copy; the source tables are untouched;"
                    + " run the same command again to resume, or 'tablemover cancel' with the same options and"
                    + " --execute to drop what was copied", r.err().strip());
        }
    }

    @Test
    void aFailureWhileThrottledWithAFullChangeBufferEndsTheRunWithinSeconds() throws Exception {
        String src = servers.source().createDatabase("stress_fail_src");
        String tgt = servers.target().createDatabase("stress_fail_tgt");
        try (Connection c = servers.source().connect(src); Connection t = servers.target().connect(null);
             Statement s = t.createStatement()) {
            CompletableFuture<MoveHarness.Run> run = throttledWithAFullBuffer(c, src, tgt);
            // the failure: the target connection holding the run's table lock is killed; the next checkpoint sees it
            long holder;
            try (ResultSet rs = s.executeQuery("SELECT th.PROCESSLIST_ID FROM performance_schema.metadata_locks m"
                    + " JOIN performance_schema.threads th ON th.THREAD_ID = m.OWNER_THREAD_ID"
                    + " WHERE m.OBJECT_TYPE = 'USER LEVEL LOCK' AND m.OBJECT_NAME = 'tablemover:" + src + ".t'")) {
                assertTrue(rs.next(), "no session holds the run's table lock");
                holder = rs.getLong(1);
            }
            s.execute("KILL " + holder);
            MoveHarness.Run r = endsWithin10s(run, "the failure");
            assertEquals(ExitCode.RUNTIME_FAILURE.code(), r.exitCode(), r.err());
            List<String> lines = r.err().strip().lines().toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.get(0).startsWith("move failed: ") && lines.get(0).contains("lock"), r.err());
        }
    }
}
